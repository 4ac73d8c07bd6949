package com.actionbridge.channel.dingtalk;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses DingTalk's raw JSON payloads; the SDK's own model loses fields (isInAtList, robotCode). */
public final class DingTalkPayloads {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** "@name " mentions that DingTalk leaves in the text (the bot's own, in a group). */
    private static final Pattern LEADING_MENTION = Pattern.compile("^(\\s*@\\S+\\s+)+");

    private DingTalkPayloads() {
    }

    /** Thrown for a body that is not the JSON object DingTalk sends. */
    public static final class MalformedPayloadException extends RuntimeException {
        MalformedPayloadException(String message) {
            super(message);
        }
    }

    public static InboundMessage message(String json) {
        JsonNode root = object(json);
        String msgId = text(root, "msgId");
        if (msgId == null || msgId.isBlank()) {
            throw new MalformedPayloadException("bot message without msgId");
        }
        String msgType = text(root, "msgtype");
        String content = null;
        if ("text".equals(msgType)) {
            JsonNode text = root.path("text");
            if (!text.isObject()) {
                throw new MalformedPayloadException("text must be an object");
            }
            content = text(text, "content");
        }
        boolean group = "2".equals(text(root, "conversationType"));
        String staffId = text(root, "senderStaffId");
        if (staffId == null || staffId.isBlank()) {
            throw new MalformedPayloadException("bot message without senderStaffId");
        }
        String senderCorpId = blankToNull(text(root, "senderCorpId"));
        String chatbotCorpId = blankToNull(text(root, "chatbotCorpId"));
        String corpId = senderCorpId != null ? senderCorpId : chatbotCorpId;
        List<String> atStaffIds = new ArrayList<>();
        String botUserId = text(root, "chatbotUserId");
        for (JsonNode at : array(root, "atUsers")) {
            if (!at.isObject()) {
                throw new MalformedPayloadException("atUsers must hold objects");
            }
            String dingtalkId = text(at, "dingtalkId");
            String atStaff = text(at, "staffId");
            if (atStaff != null && (botUserId == null || !botUserId.equals(dingtalkId))) {
                atStaffIds.add(atStaff);
            }
        }
        return new InboundMessage(msgId, msgType == null ? "" : msgType, stripMention(content), group,
                text(root, "conversationId"), staffId, text(root, "senderNick"), corpId,
                blankToNull(text(root, "sessionWebhook")), number(root, "sessionWebhookExpiredTime"),
                List.copyOf(atStaffIds), blankToNull(text(root, "robotCode")), chatbotCorpId, senderCorpId);
    }

    public static CardClick cardClick(String json) {
        JsonNode root = object(json);
        String outTrackId = text(root, "outTrackId");
        String userId = text(root, "userId");
        if (outTrackId == null || userId == null) {
            throw new MalformedPayloadException("card callback without outTrackId or userId");
        }
        JsonNode content = root.path("content");
        if (content.isString()) {
            content = object(content.asString());
        }
        JsonNode privateData = content.path("cardPrivateData");
        List<String> actionIds = new ArrayList<>();
        for (JsonNode id : privateData.path("actionIds")) {
            actionIds.add(id.asString(""));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : privateData.path("params").properties()) {
            params.put(e.getKey(), e.getValue().isString() ? e.getValue().asString() : e.getValue().toString());
        }
        return new CardClick(outTrackId, userId, blankToNull(text(root, "corpId")), text(root, "spaceType"),
                text(root, "spaceId"), List.copyOf(actionIds), Map.copyOf(params));
    }

    static String stripMention(String content) {
        if (content == null) {
            return "";
        }
        return LEADING_MENTION.matcher(content).replaceFirst("").trim();
    }

    private static JsonNode object(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedPayloadException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayloadException("not a JSON object");
        }
        return root;
    }

    /**
     * A field DingTalk sends as a string: null when absent; any other JSON type makes the whole payload malformed
     * (never the JSON text of an object taken as an id).
     */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new MalformedPayloadException(field + " must be a string");
        }
        return value.asString();
    }

    /** A field DingTalk sends as a number (epoch millis): 0 when absent. */
    private static long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber()) {
            throw new MalformedPayloadException(field + " must be a number");
        }
        return value.asLong();
    }

    /** A field DingTalk sends as an array: empty when absent. */
    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return DingTalkPayloads.JSON.createArrayNode();
        }
        if (!value.isArray()) {
            throw new MalformedPayloadException(field + " must be an array");
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
