package com.actionbridge.sandbox;

import com.actionbridge.sandbox.SandboxCatalog.Account;
import com.actionbridge.sandbox.SandboxCatalog.App;
import com.actionbridge.sandbox.SandboxCatalog.Choice;
import com.actionbridge.sandbox.SandboxCatalog.Field;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sandbox's platform logic: per-chat state, per-user authorisations and run logs, all in bounded Caffeine
 * caches. Answers the same statuses and payload shapes the engine reads from the real platform, and rejects
 * input the real platform would reject ({@code Code} 4000 with a {@code Msg}).
 */
final class SandboxPlatform {

    static final int REJECTED = 4000;
    static final String PREPARE = "ACTION_PREPARE";
    static final String CONFIG = "ACTION_CONFIG";
    static final String PREVIEW = "ACTION_PREVIEW";
    static final String RUN = "ACTION_RUN";
    private static final int DEFAULT_RETURN_AMOUNT = 3;
    private static final Set<String> CONFIRMATIONS = Set.of("确认", "确定", "是", "执行", "confirm", "yes", "ok");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the sandbox answers: the {@code Data} object, or a rejection with its {@code Msg}. */
    record Outcome(ObjectNode data, String rejection) {
        static Outcome ok(ObjectNode data) {
            return new Outcome(data, null);
        }

        static Outcome reject(String message) {
            return new Outcome(null, message);
        }
    }

    /** One action run, shown on the run-log page. */
    record RunLog(String id, Instant at, String userId, String chatId, String appName, String actionName,
                  String accountName, JsonNode input, JsonNode output, String error) {
    }

    private final SandboxCatalog catalog;
    private final ObjectMapper mapper;
    private final Cache<String, Chat> chats;
    private final Cache<String, Boolean> authorisations;
    private final Cache<String, RunLog> logs;

    SandboxPlatform(SandboxCatalog catalog, ObjectMapper mapper, Duration chatTtl, long maxEntries) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.chats = Caffeine.newBuilder().expireAfterAccess(chatTtl).maximumSize(maxEntries).build();
        this.authorisations = Caffeine.newBuilder().expireAfterAccess(Duration.ofDays(1)).maximumSize(maxEntries).build();
        this.logs = Caffeine.newBuilder().expireAfterWrite(Duration.ofDays(1)).maximumSize(maxEntries).build();
    }

    SandboxCatalog catalog() {
        return catalog;
    }

    // ---- v2: continuous dialogue -----------------------------------------------------------------------------

    Outcome startDialogue(JsonNode body, String sandboxUrl) {
        if (body == null || !body.isObject()) {
            return Outcome.reject("请求体必须是 JSON 对象");
        }
        String userId = string(body, "user_id");
        String content = string(body, "content");
        if (userId == null || userId.isBlank()) {
            return Outcome.reject("user_id 不能为空");
        }
        if (content == null || content.isBlank()) {
            return Outcome.reject("content 不能为空");
        }
        Chat chat = new Chat(newId(), userId);
        chats.put(chat.chatId, chat);
        synchronized (chat) {
            return Outcome.ok(search(chat, content.strip(), DEFAULT_RETURN_AMOUNT, List.of(), sandboxUrl));
        }
    }

    // ---- v1: the state machine -------------------------------------------------------------------------------

    Outcome answer(JsonNode body, String sandboxUrl) {
        if (body == null || !body.isObject()) {
            return Outcome.reject("请求体必须是 JSON 对象");
        }
        for (String required : List.of("chat_id", "status", "step", "user_id", "return_amount", "app_name_filter",
                "content", "data")) {
            if (!body.has(required)) {
                return Outcome.reject("缺少必需参数 " + required);
            }
        }
        String chatId = string(body, "chat_id");
        if (chatId == null || chatId.isBlank()) {
            return Outcome.reject("chat_id 不能为空");
        }
        JsonNode returnAmountNode = body.get("return_amount");
        if (!returnAmountNode.isString()) {
            return Outcome.reject("return_amount 必须是字符串");
        }
        int returnAmount;
        try {
            returnAmount = Integer.parseInt(returnAmountNode.stringValue().strip());
        } catch (NumberFormatException e) {
            return Outcome.reject("return_amount 必须是数字字符串");
        }
        if (returnAmount < 1) {
            return Outcome.reject("return_amount 必须大于 0");
        }
        JsonNode data = body.get("data");
        if (!data.isObject()) {
            return Outcome.reject("data 必须是对象");
        }
        JsonNode accountId = data.get("account_id");
        if (accountId != null && !accountId.isNull() && !accountId.isIntegralNumber()) {
            return Outcome.reject("data.account_id 必须是整数");
        }
        Chat chat = chats.getIfPresent(chatId);
        if (chat == null) {
            return Outcome.reject("chat_id 不存在或已过期: " + chatId);
        }
        String userId = string(body, "user_id");
        String status = string(body, "status");
        String step = string(body, "step");
        String content = orEmpty(string(body, "content")).strip();
        List<String> excluded = Arrays.stream(orEmpty(string(body, "app_name_filter")).split("[,，]"))
                .map(String::strip).filter(w -> !w.isEmpty()).toList();
        synchronized (chat) {
            if (!chat.userId.equals(userId)) {
                return Outcome.reject("user_id 与会话不符");
            }
            if (!chat.status.equals(status) || !chat.step.equals(step)) {
                return Outcome.reject("status/step 与会话当前状态不符，当前为 " + chat.status + "/" + chat.step);
            }
            return switch (chat.status) {
                case "action_found" -> pickAction(chat, data, sandboxUrl);
                case "auth_required" -> Outcome.ok(advance(chat, sandboxUrl));
                case "auth_account_select" -> pickAccount(chat, accountId, sandboxUrl);
                case "action_field_required" -> Outcome.ok(fillFields(chat, content, sandboxUrl));
                case "action_preview" -> confirm(chat, content, sandboxUrl);
                default -> content.isEmpty() ? Outcome.reject("content 不能为空")
                        : Outcome.ok(search(chat, content, returnAmount, excluded, sandboxUrl));
            };
        }
    }

    private ObjectNode search(Chat chat, String text, int returnAmount, List<String> excluded, String sandboxUrl) {
        chat.restart(text);
        List<Choice> found = catalog.search(text, excluded);
        if (found.isEmpty()) {
            return reply(chat, "action_not_found", PREPARE, "没有找到与「" + text + "」匹配的动作，请换个说法试试，"
                    + "例如：把你好发送到企业微信群机器人、帮我创建一个待办、我要请假。", null);
        }
        if (found.size() == 1) {
            chat.choice = found.get(0);
            return advance(chat, sandboxUrl);
        }
        chat.candidates = found.subList(0, Math.min(returnAmount, found.size()));
        ArrayNode list = mapper.createArrayNode();
        StringBuilder text2 = new StringBuilder("根据您的需求已为您找到了以下多个匹配动作,请选择:");
        int n = 1;
        for (Choice c : chat.candidates) {
            ObjectNode item = list.addObject();
            item.put("actionIdentkey", c.action().actionIdentkey());
            item.put("actionName", c.action().actionName());
            item.put("actionType", "action");
            item.put("actionkey", c.action().actionkey());
            item.put("appName", c.app().appName());
            item.put("appkey", c.app().appkey());
            item.put("description", c.action().description());
            text2.append('\n').append(n++).append(". ").append(c.app().appName()).append(" - ")
                    .append(c.action().actionName());
        }
        return reply(chat, "action_found", PREPARE, text2.toString(), list);
    }

    private Outcome pickAction(Chat chat, JsonNode data, String sandboxUrl) {
        String appkey = string(data, "appkey");
        String actionkey = string(data, "actionkey");
        Optional<Choice> picked = chat.candidates.stream()
                .filter(c -> c.app().appkey().equals(appkey) && c.action().actionkey().equals(actionkey))
                .findFirst();
        if (picked.isEmpty()) {
            return Outcome.reject("data 中的动作不在候选列表中 (appkey=" + appkey + ", actionkey=" + actionkey + ")");
        }
        chat.choice = picked.get();
        return Outcome.ok(advance(chat, sandboxUrl));
    }

    private Outcome pickAccount(Chat chat, JsonNode accountId, String sandboxUrl) {
        if (accountId == null || accountId.isNull()) {
            return Outcome.reject("请在 data.account_id 中选择一个账户");
        }
        long id = accountId.longValue();
        Optional<Account> account = accountsOf(chat.userId, chat.choice.app()).stream()
                .filter(a -> a.accountId() == id).findFirst();
        if (account.isEmpty()) {
            return Outcome.reject("账户 " + id + " 未授权给该用户");
        }
        chat.account = account.get();
        return Outcome.ok(advance(chat, sandboxUrl));
    }

    private ObjectNode fillFields(Chat chat, String content, String sandboxUrl) {
        List<Field> missing = missingFields(chat);
        boolean named = false;
        for (String line : content.split("\\R")) {
            int at = indexOfSeparator(line);
            if (at <= 0) {
                continue;
            }
            String name = line.substring(0, at).strip();
            String value = line.substring(at + 1).strip();
            Optional<Field> field = missing.stream()
                    .filter(f -> f.key().equals(name) || f.label().equals(name)).findFirst();
            if (field.isPresent() && !value.isEmpty()) {
                chat.values.put(field.get().key(), value);
                named = true;
            }
        }
        if (!named && missing.size() == 1 && !content.isBlank()) {
            chat.values.put(missing.get(0).key(), content);
        }
        return advance(chat, sandboxUrl);
    }

    private Outcome confirm(Chat chat, String content, String sandboxUrl) {
        if (CONFIRMATIONS.contains(content.toLowerCase(Locale.ROOT))) {
            String rejection = chat.choice.action().confirmRejection();
            if (rejection != null) {
                return Outcome.reject(rejection);
            }
            chat.confirmed = true;
            return Outcome.ok(advance(chat, sandboxUrl));
        }
        ObjectNode data = actionData(chat);
        data.set("input", input(chat));
        return Outcome.ok(reply(chat, "action_preview", PREVIEW, "尚未确认。" + previewText(chat), data));
    }

    /** Decides the next status for the chosen action from what is still missing. */
    private ObjectNode advance(Chat chat, String sandboxUrl) {
        Choice choice = chat.choice;
        App app = choice.app();
        if (app.needsAccount()) {
            List<Account> accounts = accountsOf(chat.userId, app);
            if (chat.account != null && !accounts.contains(chat.account)) {
                chat.account = null;
            }
            if (chat.account == null) {
                if (accounts.isEmpty()) {
                    ObjectNode data = actionData(chat);
                    String url = UriComponentsBuilder.fromUriString(sandboxUrl).path("/authorize")
                            .queryParam("user_id", chat.userId).queryParam("appkey", app.appkey())
                            .encode().build().toUriString();
                    data.put("auth_url", url);
                    return reply(chat, "auth_required", CONFIG, "执行「" + choice.action().actionName() + "」需要先授权「"
                            + app.appName() + "」的账户，请打开链接完成授权：" + url + " ，授权后回到这里继续。", data);
                }
                if (accounts.size() == 1) {
                    chat.account = accounts.get(0);
                } else {
                    ObjectNode data = actionData(chat);
                    ArrayNode list = data.putArray("accounts");
                    StringBuilder text = new StringBuilder("您在「" + app.appName() + "」下授权了多个账户，请选择要使用的账户:");
                    int n = 1;
                    for (Account account : accounts) {
                        list.addObject().put("account_id", account.accountId())
                                .put("account_name", account.accountName());
                        text.append('\n').append(n++).append(". ").append(account.accountName());
                    }
                    return reply(chat, "auth_account_select", CONFIG, text.toString(), data);
                }
            }
        }
        for (Field field : choice.action().fields()) {
            if (!chat.values.containsKey(field.key())) {
                field.extractFrom(chat.request).ifPresent(v -> chat.values.put(field.key(), v));
            }
        }
        List<Field> missing = missingFields(chat);
        if (!missing.isEmpty()) {
            ObjectNode data = actionData(chat);
            ArrayNode list = data.putArray("fields");
            for (Field field : missing) {
                list.addObject().put("key", field.key()).put("label", field.label()).put("type", field.type())
                        .put("required", field.required());
            }
            String labels = missing.stream().map(Field::label).collect(Collectors.joining("、"));
            return reply(chat, "action_field_required", CONFIG, "执行「" + choice.action().actionName()
                    + "」还需要以下信息：" + labels, data);
        }
        if (choice.action().preview() && !chat.confirmed) {
            ObjectNode data = actionData(chat);
            data.set("input", input(chat));
            return reply(chat, "action_preview", PREVIEW, previewText(chat), data);
        }
        return run(chat, sandboxUrl);
    }

    private ObjectNode run(Chat chat, String sandboxUrl) {
        Choice choice = chat.choice;
        ObjectNode input = input(chat);
        String id = newId();
        String logUrl = sandboxUrl + "/logs/" + id;
        String accountName = chat.account == null ? null : chat.account.accountName();
        String error = choice.action().error();
        ObjectNode data = mapper.createObjectNode();
        if (error != null) {
            logs.put(id, new RunLog(id, Instant.now(), chat.userId, chat.chatId, choice.app().appName(),
                    choice.action().actionName(), accountName, input, null, error));
            // which action failed, as in the other action payloads: the run may not have been preceded by a choice
            data.put("appkey", choice.app().appkey());
            data.put("appName", choice.app().appName());
            data.put("actionkey", choice.action().actionkey());
            data.put("actionName", choice.action().actionName());
            data.put("error", error);
            data.put("log_url", logUrl);
            return reply(chat, "action_error", RUN, "动作执行失败：" + error, data);
        }
        JsonNode output = choice.action().output() == null ? mapper.createObjectNode() : choice.action().output();
        logs.put(id, new RunLog(id, Instant.now(), chat.userId, chat.chatId, choice.app().appName(),
                choice.action().actionName(), accountName, input, output, null));
        data.set("input", input);
        data.put("log_url", logUrl);
        data.set("output", output.deepCopy());
        return reply(chat, "action_done", RUN, "动作执行成功", data);
    }

    // ---- authorisation and logs (the local pages) ------------------------------------------------------------

    /** Marks the app's account authorised for the user; false when the app grants no account that way. */
    boolean authorise(String userId, String appkey) {
        Optional<App> app = catalog.app(appkey);
        if (userId == null || userId.isBlank() || app.isEmpty() || app.get().authorizeAccount() == null) {
            return false;
        }
        authorisations.put(authorisationKey(userId, appkey), Boolean.TRUE);
        return true;
    }

    boolean isAuthorised(String userId, String appkey) {
        return authorisations.getIfPresent(authorisationKey(userId, appkey)) != null;
    }

    Optional<RunLog> log(String id) {
        return Optional.ofNullable(logs.getIfPresent(id));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private List<Account> accountsOf(String userId, App app) {
        List<Account> accounts = new ArrayList<>(app.accounts());
        if (app.authorizeAccount() != null && isAuthorised(userId, app.appkey())) {
            accounts.add(app.authorizeAccount());
        }
        return accounts;
    }

    private static List<Field> missingFields(Chat chat) {
        return chat.choice.action().fields().stream()
                .filter(f -> f.required() && !chat.values.containsKey(f.key())).toList();
    }

    private ObjectNode actionData(Chat chat) {
        ObjectNode data = mapper.createObjectNode();
        data.put("appkey", chat.choice.app().appkey());
        data.put("appName", chat.choice.app().appName());
        data.put("actionkey", chat.choice.action().actionkey());
        data.put("actionName", chat.choice.action().actionName());
        data.put("description", chat.choice.action().description());
        return data;
    }

    private ObjectNode input(Chat chat) {
        ObjectNode input = mapper.createObjectNode();
        chat.values.forEach(input::put);
        return input;
    }

    private String previewText(Chat chat) {
        String fields = chat.choice.action().fields().stream()
                .filter(f -> chat.values.containsKey(f.key()))
                .map(f -> f.label() + "：" + chat.values.get(f.key()))
                .collect(Collectors.joining("\n"));
        return "即将执行「" + chat.choice.action().actionName() + "」" + (fields.isEmpty() ? "" : "\n" + fields)
                + "\n确认执行吗？";
    }

    private ObjectNode reply(Chat chat, String status, String step, String description, JsonNode payload) {
        chat.status = status;
        chat.step = step;
        ObjectNode data = mapper.createObjectNode();
        data.put("chat_id", chat.chatId);
        if (payload == null) {
            data.putNull("data");
        } else {
            data.set("data", payload);
        }
        data.put("description", description);
        data.put("status", status);
        data.put("step", step);
        data.put("user_id", chat.userId);
        return data;
    }

    private static int indexOfSeparator(String line) {
        int best = -1;
        for (char c : new char[]{'：', ':', '='}) {
            int i = line.indexOf(c);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private static String authorisationKey(String userId, String appkey) {
        return appkey + "\u0000" + userId;
    }

    private static String string(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isContainer()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.asString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "sbx-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One dialogue's state; guarded by its own monitor. */
    private static final class Chat {
        final String chatId;
        final String userId;
        String status = "";
        String step = "";
        String request = "";
        List<Choice> candidates = List.of();
        Choice choice;
        Account account;
        boolean confirmed;
        final Map<String, String> values = new LinkedHashMap<>();

        Chat(String chatId, String userId) {
            this.chatId = chatId;
            this.userId = userId;
        }

        void restart(String text) {
            request = text;
            candidates = List.of();
            choice = null;
            account = null;
            confirmed = false;
            values.clear();
        }
    }
}
