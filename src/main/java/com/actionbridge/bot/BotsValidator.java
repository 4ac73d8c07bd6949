package com.actionbridge.bot;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the whole {@code bots:} list at once: only here are the index of a bot and the other bots known, so
 * every message can name the bot ({@code bots[1] (id=ops)}) and duplicates can be found. Messages never contain
 * a secret's value.
 */
public class BotsValidator implements ConstraintValidator<ValidBots, BotsProperties> {

    /** The id the web chat uses when no bot is given; a configured bot may not take it. */
    public static final String RESERVED_WEB_ID = "web";

    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    private static final int MAX_ID_LENGTH = 64;
    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9+/]{43}");
    private static final Pattern WECOM_TOKEN = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{([^}:]+)[^}]*}");

    @Override
    public boolean isValid(BotsProperties properties, ConstraintValidatorContext context) {
        if (properties == null) {
            return true;
        }
        List<String> problems = problems(properties.bots());
        if (problems.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        for (String problem : problems) {
            context.buildConstraintViolationWithTemplate(escape(problem)).addConstraintViolation();
        }
        return false;
    }

    /** Every problem of the list, in order; empty when the list is valid. */
    public static List<String> problems(List<BotConfig> bots) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstIndexOfId = new HashMap<>();
        for (int i = 0; i < bots.size(); i++) {
            BotConfig bot = bots.get(i);
            if (bot == null) {
                problems.add("bots[" + i + "]: is empty");
                continue;
            }
            String where = bot.id() == null || bot.id().isBlank()
                    ? "bots[" + i + "]" : "bots[" + i + "] (id=" + bot.id() + ")";
            Checker check = new Checker(where, problems);
            checkId(bot, i, check, firstIndexOfId);
            if (bot.platform() == null) {
                check.fail("platform is missing; use " + PlatformConverter.accepted());
            } else if (bot.platform() == Platform.WECOM) {
                checkWeCom(bot, check);
            } else if (bot.platform() == Platform.WECOM_AIBOT) {
                checkWeComAiBot(bot, check);
            } else {
                checkDingTalk(bot, check);
            }
            if (bot.apiBaseUrl() != null && !bot.apiBaseUrl().isBlank()) {
                check.resolved("api-base-url", bot.apiBaseUrl());
                if (!UNRESOLVED.matcher(bot.apiBaseUrl()).find() && !isHttpUrl(bot.apiBaseUrl())) {
                    check.fail("api-base-url must be an http(s) URL such as https://api.example.com");
                }
            }
            checkUpstream(bot.upstream(), check);
            for (int u = 0; u < bot.allowedUsers().size(); u++) {
                String user = bot.allowedUsers().get(u);
                if (user == null || user.isBlank()) {
                    check.fail("allowed-users[" + u + "] is empty");
                }
            }
        }
        return problems;
    }

    private static void checkId(BotConfig bot, int index, Checker check, Map<String, Integer> firstIndexOfId) {
        String id = bot.id();
        if (id == null || id.isBlank()) {
            check.fail("id is missing");
            return;
        }
        if (!ID.matcher(id).matches()) {
            check.fail("id must match [a-z0-9-]+ (lower-case letters, digits, dashes)");
        } else if (id.length() > MAX_ID_LENGTH) {
            check.fail("id must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (RESERVED_WEB_ID.equals(id)) {
            check.fail("id '" + RESERVED_WEB_ID + "' is reserved for the built-in web chat bot");
        }
        Integer first = firstIndexOfId.putIfAbsent(id, index);
        if (first != null) {
            check.fail("id duplicates bots[" + first + "]");
        }
    }

    private static void checkWeCom(BotConfig bot, Checker check) {
        if (check.present("corp-id", bot.corpId(), "WeCom")) {
            check.resolved("corp-id", bot.corpId());
        }
        if (bot.agentId() == null) {
            check.fail("agent-id is missing (WeCom: the app's AgentId)");
        } else if (bot.agentId() <= 0) {
            check.fail("agent-id must be a positive number");
        }
        if (check.present("secret", bot.secret(), "WeCom")) {
            check.resolved("secret", bot.secret());
        }
        checkCallbackKeys(bot, check, "WeCom");
    }

    /** A WeCom AI bot needs only the callback Token and EncodingAESKey; its BotID is optional. */
    private static void checkWeComAiBot(BotConfig bot, Checker check) {
        checkCallbackKeys(bot, check, "WeCom AI bot");
        if (bot.botId() != null && !bot.botId().isBlank()) {
            check.resolved("bot-id", bot.botId());
        }
    }

    private static void checkCallbackKeys(BotConfig bot, Checker check, String platform) {
        if (check.present("token", bot.token(), platform) && check.resolved("token", bot.token())
                && !WECOM_TOKEN.matcher(bot.token()).matches()) {
            check.fail("token must be 1 to 32 letters or digits");
        }
        if (check.present("aes-key", bot.aesKey(), platform) && check.resolved("aes-key", bot.aesKey())) {
            if (bot.aesKey().length() != 43) {
                check.fail("aes-key must be 43 characters");
            } else if (!AES_KEY.matcher(bot.aesKey()).matches()) {
                check.fail("aes-key must contain only letters, digits, '+' and '/'");
            }
        }
    }

    private static void checkDingTalk(BotConfig bot, Checker check) {
        if (check.present("client-id", bot.clientId(), "DingTalk")) {
            check.resolved("client-id", bot.clientId());
        }
        if (check.present("client-secret", bot.clientSecret(), "DingTalk")) {
            check.resolved("client-secret", bot.clientSecret());
        }
        if (bot.robotCode() != null && !bot.robotCode().isBlank()) {
            check.resolved("robot-code", bot.robotCode());
        }
        if (bot.corpId() != null && !bot.corpId().isBlank()) {
            check.resolved("corp-id", bot.corpId());
        }
    }

    private static void checkUpstream(BotUpstream upstream, Checker check) {
        if (upstream == null) {
            return;
        }
        if (upstream.returnAmount() != null && (upstream.returnAmount() < 1 || upstream.returnAmount() > 50)) {
            check.fail("upstream.return-amount must be between 1 and 50");
        }
        if (upstream.token() != null) {
            if (upstream.token().isBlank()) {
                check.fail("upstream.token is empty; remove the key to use the global token");
            } else {
                check.resolved("upstream.token", upstream.token());
            }
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null && !uri.getHost().isBlank() && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Hibernate Validator interpolates {@code {…}}, {@code ${…}} and backslashes in templates. */
    private static String escape(String message) {
        StringBuilder out = new StringBuilder(message.length() + 8);
        for (char c : message.toCharArray()) {
            if (c == '{' || c == '}' || c == '$' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private record Checker(String where, List<String> problems) {

        void fail(String what) {
            problems.add(where + ": " + what);
        }

        boolean present(String key, String value, String platform) {
            if (value == null || value.isBlank()) {
                fail(key + " is missing (" + platform + ")");
                return false;
            }
            return true;
        }

        /** True when the value is usable: not an unresolved {@code ${ENV}} reference. */
        boolean resolved(String key, String value) {
            var m = UNRESOLVED.matcher(value);
            if (m.find()) {
                fail(key + " refers to ${" + m.group(1) + "}, which is not set");
                return false;
            }
            return true;
        }
    }
}
