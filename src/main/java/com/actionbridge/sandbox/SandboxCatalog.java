package com.actionbridge.sandbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo apps, actions, accounts and fields the sandbox serves, read from {@code sandbox/catalog.json}.
 * An app either has accounts every user has already authorised, or one account granted by the local authorise
 * page, or none (its actions need no account).
 */
record SandboxCatalog(List<App> apps) {

    static final String RESOURCE = "sandbox/catalog.json";

    SandboxCatalog {
        apps = List.copyOf(apps);
        Set<String> appKeys = new HashSet<>();
        for (App app : apps) {
            if (!appKeys.add(app.appkey())) {
                throw new IllegalArgumentException(RESOURCE + ": appkey " + app.appkey() + " appears twice");
            }
        }
    }

    static SandboxCatalog load(ObjectMapper mapper, InputStream in) throws IOException {
        try (in) {
            // absent "preview"/"required" flags mean false
            return mapper.readerFor(SandboxCatalog.class)
                    .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(in);
        }
    }

    Optional<App> app(String appkey) {
        return apps.stream().filter(a -> a.appkey().equals(appkey)).findFirst();
    }

    Optional<Choice> action(String appkey, String actionkey) {
        return app(appkey).flatMap(app -> app.actions().stream()
                .filter(a -> a.actionkey().equals(actionkey)).findFirst().map(a -> new Choice(app, a)));
    }

    /**
     * The actions of the apps whose keywords occur in the text, apps whose name contains an excluded keyword left
     * out; when the text names some of those actions, only those.
     */
    List<Choice> search(String text, List<String> excludedAppWords) {
        List<Choice> found = new ArrayList<>();
        for (App app : apps) {
            boolean excluded = excludedAppWords.stream().anyMatch(w -> !w.isBlank() && app.appName().contains(w));
            if (!excluded && app.keywords().stream().anyMatch(text::contains)) {
                app.actions().forEach(action -> found.add(new Choice(app, action)));
            }
        }
        List<Choice> named = found.stream().filter(c -> text.contains(c.action().actionName())).toList();
        return named.isEmpty() ? found : named;
    }

    /** An action together with its app. */
    record Choice(App app, Action action) {
    }

    record App(String appkey, String appName, List<String> keywords, List<Account> accounts,
               Account authorizeAccount, List<Action> actions) {

        App {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
            actions = actions == null ? List.of() : List.copyOf(actions);
        }

        boolean needsAccount() {
            return !accounts.isEmpty() || authorizeAccount != null;
        }
    }

    /**
     * One action; {@code error} makes every run fail ({@code action_error}), {@code confirmRejection} makes the
     * platform refuse the confirmation of its preview for good ({@code Code} 4000 with that {@code Msg}).
     */
    record Action(String actionkey, String actionIdentkey, String actionName, String description,
                  List<Field> fields, boolean preview, JsonNode output, String error, String confirmRejection) {

        Action {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    record Field(String key, String label, String type, boolean required, String extract) {

        /** The value found in the request text by this field's pattern (its first group), if any. */
        Optional<String> extractFrom(String text) {
            if (extract == null || text == null) {
                return Optional.empty();
            }
            Matcher m = Pattern.compile(extract).matcher(text);
            return m.find() && m.groupCount() >= 1 && !m.group(1).isBlank()
                    ? Optional.of(m.group(1).strip()) : Optional.empty();
        }
    }

    record Account(@JsonProperty("account_id") long accountId, @JsonProperty("account_name") String accountName) {
    }
}
