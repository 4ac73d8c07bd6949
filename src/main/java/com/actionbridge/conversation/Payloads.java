package com.actionbridge.conversation;

import com.actionbridge.action.ActionData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tolerant reading of the status-specific {@code Data.data} payloads: the documented shapes and the likely
 * alternatives (object or bare array, several key spellings). Nothing here throws on an unexpected shape.
 */
final class Payloads {

    private static final Pattern URL = Pattern.compile("https?://[^\\s)）\\]\"'<>，。]+");

    record Account(long id, String name) {
    }

    record FieldSpec(String key, String label, boolean required) {
    }

    private Payloads() {
    }

    /** A scalar as text (strings as they are, numbers and booleans printed); null for null, missing, containers. */
    static String text(JsonNode node, String... keys) {
        if (node == null) {
            return null;
        }
        for (String key : keys) {
            JsonNode value = node.isObject() ? node.get(key) : null;
            String s = scalar(value);
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    static String scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.toString();
    }

    static Long number(JsonNode node, String... keys) {
        String s = text(node, keys);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<JsonNode> list(JsonNode data, String... keys) {
        JsonNode array = null;
        if (data != null && data.isArray()) {
            array = data;
        } else if (data != null && data.isObject()) {
            for (String key : keys) {
                if (data.get(key) != null && data.get(key).isArray()) {
                    array = data.get(key);
                    break;
                }
            }
        }
        List<JsonNode> out = new ArrayList<>();
        if (array != null) {
            array.forEach(out::add);
        }
        return out;
    }

    /**
     * A catalog entry. Its texts are interned: a live session keeps the candidates of its card, and the same few
     * catalog actions are offered to everyone, so each text is held once instead of once per session.
     */
    static ActionData action(JsonNode item) {
        return new ActionData(catalog(text(item, "appkey", "appKey")), catalog(text(item, "actionkey", "actionKey")),
                catalog(text(item, "appName", "app_name")), catalog(text(item, "actionName", "action_name")),
                catalog(text(item, "description")), null, null);
    }

    private static String catalog(String text) {
        return text == null ? null : text.intern();
    }

    static List<ActionData> actions(JsonNode data) {
        return list(data, "actions", "list").stream().filter(JsonNode::isObject).map(Payloads::action).toList();
    }

    static List<Account> accounts(JsonNode data) {
        List<Account> out = new ArrayList<>();
        for (JsonNode item : list(data, "accounts", "account_list", "accountList")) {
            Long id = number(item, "account_id", "accountId", "id");
            if (id != null) {
                String name = text(item, "account_name", "accountName", "name");
                out.add(new Account(id, name == null ? String.valueOf(id) : name));
            }
        }
        return out;
    }

    static List<FieldSpec> fields(JsonNode data) {
        List<FieldSpec> out = new ArrayList<>();
        for (JsonNode item : list(data, "fields", "field_list", "required_fields")) {
            if (item.isString()) {
                out.add(new FieldSpec(item.stringValue(), item.stringValue(), true));
            } else if (item.isObject()) {
                String key = text(item, "key", "name", "field");
                String label = text(item, "label", "title", "name", "key");
                JsonNode required = item.get("required");
                boolean req = required == null || required.isNull() || !"false".equals(scalar(required));
                if (key != null || label != null) {
                    out.add(new FieldSpec(key == null ? label : key, label == null ? key : label, req));
                }
            }
        }
        return out;
    }

    /** The authorise link: in the data under one of several keys, else the first URL in the description. */
    static String authUrl(JsonNode data, String description) {
        String url = text(data, "auth_url", "authUrl", "url");
        if (url != null) {
            return url;
        }
        if (description != null) {
            Matcher m = URL.matcher(description);
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }

    static String logUrl(JsonNode data) {
        String url = text(data, "log_url", "logUrl");
        return url != null && (url.startsWith("http://") || url.startsWith("https://")) ? url : null;
    }

    private static final String DIGEST = "kept_sha256";

    /**
     * A payload reduced to its log URL and a digest of the whole (equal payloads, equal digests); null for none.
     * A reduced payload stays as it is.
     */
    static JsonNode digested(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return null;
        }
        if (data.isObject() && data.has(DIGEST)) {
            return data;
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        String url = logUrl(data);
        if (url != null) {
            kept.put("log_url", url);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(data.toString().getBytes(StandardCharsets.UTF_8));
            return kept.put(DIGEST, Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static JsonNode object(JsonNode data, String key) {
        JsonNode node = data != null && data.isObject() ? data.get(key) : null;
        return node != null && node.isObject() ? node : null;
    }

    /** The entries of an object, in order, with their values as display text. */
    static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (object != null && object.isObject()) {
            out.addAll(object.properties());
        }
        return out;
    }

    /**
     * The action (and account) chosen after a response: the identity named in an object payload wins, the
     * account carries over while the action stays the same.
     */
    static ActionData chosenAfter(JsonNode data, ActionData before) {
        if (data == null || !data.isObject() || (text(data, "appkey", "appKey") == null
                && text(data, "actionkey", "actionKey") == null)) {
            return before;
        }
        ActionData named = action(data);
        boolean same = named.appkey() == null || named.appkey().equals(before.appkey());
        Long accountId = number(data, "account_id", "accountId");
        String accountName = text(data, "account_name", "accountName");
        if (accountId == null && same) {
            accountId = before.accountId();
            accountName = before.accountName();
        }
        return new ActionData(
                named.appkey() != null ? named.appkey() : before.appkey(),
                named.actionkey() != null ? named.actionkey() : before.actionkey(),
                named.appName() != null ? named.appName() : before.appName(),
                named.actionName() != null ? named.actionName() : before.actionName(),
                named.description() != null ? named.description() : before.description(),
                accountId, accountName);
    }
}
