package com.actionbridge.channel.wecomaibot;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One decrypted AI bot callback, parsed strictly: the JSON must be one object, a known field of the wrong type
 * (a number where WeCom sends a string, an array where it sends an object) refuses the whole callback, and
 * unknown fields are ignored (WeCom adds fields over time).
 *
 * @param msgId       the de-duplication key of messages and events; null only for stream refreshes
 * @param aibotId     the bot's BotID, when present
 * @param chatId      the group's id ({@code chattype} group), else null
 * @param group       true in a group chat
 * @param userId      who sent it ({@code from.userid}); null only for stream refreshes
 * @param responseUrl the one-use URL for an active reply, when present
 * @param msgType     {@code text}, {@code stream}, {@code event}, {@code image}, …
 * @param text        the text of a text message (or the recognised speech of a voice message), else null
 * @param streamId    the stream a refresh asks about, else null
 * @param eventType   {@code enter_chat}, {@code template_card_event}, {@code feedback_event}, … for events
 * @param taskId      a card click's task id
 * @param eventKey    a card click's button key
 */
public record AiBotCallback(String msgId, String aibotId, String chatId, boolean group, String userId,
                            String responseUrl, String msgType, String text, String streamId, String eventType,
                            String taskId, String eventKey) {

    public static final String TEXT = "text";
    public static final String VOICE = "voice";
    public static final String STREAM = "stream";
    public static final String EVENT = "event";
    public static final String ENTER_CHAT = "enter_chat";
    public static final String CARD_EVENT = "template_card_event";
    public static final String FEEDBACK_EVENT = "feedback_event";

    /** Strict JSON for the channel: duplicate keys and trailing data are refused. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The decrypted JSON is not a callback we can read. */
    public static final class MalformedCallbackException extends Exception {
        MalformedCallbackException(String message) {
            super(message);
        }
    }

    public boolean isRefresh() {
        return STREAM.equals(msgType);
    }

    public boolean isEvent() {
        return EVENT.equals(msgType);
    }

    public static AiBotCallback parse(String json) throws MalformedCallbackException {
        JsonNode root = object(json);
        String msgType = required(root, "msgtype");
        String chatType = string(root, "chattype");
        if (chatType != null && !chatType.equals("single") && !chatType.equals("group")) {
            throw new MalformedCallbackException("unknown chattype");
        }
        boolean group = "group".equals(chatType);
        String chatId = string(root, "chatid");
        if (group && (chatId == null || chatId.isBlank())) {
            throw new MalformedCallbackException("group callback without chatid");
        }
        JsonNode from = child(root, "from");
        String userId = from == null ? null : string(from, "userid");
        String msgId = string(root, "msgid");
        String text = null;
        String streamId = null;
        String eventType = null;
        String taskId = null;
        String eventKey = null;
        switch (msgType) {
            case STREAM -> streamId = required(requiredChild(root, STREAM), "id");
            case TEXT -> text = required(requiredChild(root, TEXT), "content");
            case VOICE -> text = required(requiredChild(root, VOICE), "content");
            case EVENT -> {
                JsonNode event = requiredChild(root, EVENT);
                eventType = required(event, "eventtype");
                if (CARD_EVENT.equals(eventType)) {
                    JsonNode click = requiredChild(event, CARD_EVENT);
                    taskId = required(click, "task_id");
                    eventKey = required(click, "event_key");
                    string(click, "card_type");
                }
                number(root, "create_time");
            }
            default -> {
                // other message types are answered with "text only"; their content is not read
            }
        }
        if (!msgType.equals(STREAM)) {
            if (userId == null || userId.isBlank()) {
                throw new MalformedCallbackException("callback without from.userid");
            }
            if (!msgType.equals(EVENT) && (msgId == null || msgId.isBlank())) {
                throw new MalformedCallbackException("message without msgid");
            }
        }
        return new AiBotCallback(msgId, string(root, "aibotid"), group ? chatId : null, group, userId,
                string(root, "response_url"), msgType, text, streamId, eventType, taskId, eventKey);
    }

    private static JsonNode object(String json) throws MalformedCallbackException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedCallbackException("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedCallbackException("not a JSON object");
        }
        return root;
    }

    /** The string value of {@code field}, null when absent or null; any other type is refused. */
    static String string(JsonNode parent, String field) throws MalformedCallbackException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new MalformedCallbackException(field + " is not a string");
        }
        return value.asString();
    }

    private static String required(JsonNode parent, String field) throws MalformedCallbackException {
        String value = string(parent, field);
        if (value == null) {
            throw new MalformedCallbackException(field + " is missing");
        }
        return value;
    }

    private static JsonNode child(JsonNode parent, String field) throws MalformedCallbackException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new MalformedCallbackException(field + " is not an object");
        }
        return value;
    }

    private static JsonNode requiredChild(JsonNode parent, String field) throws MalformedCallbackException {
        JsonNode value = child(parent, field);
        if (value == null) {
            throw new MalformedCallbackException(field + " is missing");
        }
        return value;
    }

    private static void number(JsonNode parent, String field) throws MalformedCallbackException {
        JsonNode value = parent.get(field);
        if (value != null && !value.isNull() && !value.isNumber()) {
            throw new MalformedCallbackException(field + " is not a number");
        }
    }
}
