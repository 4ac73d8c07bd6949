package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.bot.Platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Payloads and bots as DingTalk would have them. */
final class DingTalkFixtures {

    static final String CORP = "dingcorp1";

    private DingTalkFixtures() {
    }

    static BotConfig bot(String id, DingTalkMode mode, String template, String baseUrl) {
        return new BotConfig(id, Platform.DINGTALK, null, baseUrl, CORP, null, null, null, null,
                "client-" + id, "secret-" + id, "robot-" + id, mode, template, null, List.of());
    }

    static String oneToOne(String msgId, String staffId, String text, String webhook) {
        return message(msgId, "1", "user-" + staffId, staffId, text, webhook);
    }

    static String group(String msgId, String conversationId, String staffId, String text, String webhook) {
        return message(msgId, "2", conversationId, staffId, "@ActionBot " + text, webhook);
    }

    static String message(String msgId, String conversationType, String conversationId, String staffId, String text,
                          String webhook) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgId", msgId);
        m.put("msgtype", "text");
        m.put("text", Map.of("content", text));
        m.put("conversationId", conversationId);
        m.put("conversationType", conversationType);
        m.put("senderStaffId", staffId);
        m.put("senderId", "$:LWCP_v1:$" + staffId);
        m.put("senderNick", "Nick " + staffId);
        m.put("senderCorpId", CORP);
        m.put("chatbotCorpId", CORP);
        m.put("chatbotUserId", "$:LWCP_v1:$bot");
        m.put("robotCode", "robot");
        m.put("isInAtList", true);
        m.put("sessionWebhook", webhook);
        m.put("sessionWebhookExpiredTime", System.currentTimeMillis() + 3_600_000L);
        m.put("createAt", System.currentTimeMillis());
        return FakeDingTalk.JSON.writeValueAsString(m);
    }

    /** The same payload with one top-level field replaced by any JSON value (a string, a number, a map...). */
    static String with(String json, String field, Object value) {
        tools.jackson.databind.node.ObjectNode node = (tools.jackson.databind.node.ObjectNode) FakeDingTalk.JSON.readTree(json);
        node.set(field, FakeDingTalk.JSON.valueToTree(value));
        return FakeDingTalk.JSON.writeValueAsString(node);
    }

    /** The payload as DingTalk sends it to the robot {@code robotCode}; a body that is no JSON object stays as is. */
    static String to(String robotCode, String json) {
        try {
            return FakeDingTalk.JSON.readTree(json).isObject() ? with(json, "robotCode", robotCode) : json;
        } catch (tools.jackson.core.JacksonException e) {
            return json;
        }
    }

    static String picture(String msgId, String staffId, String webhook) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgId", msgId);
        m.put("msgtype", "picture");
        m.put("content", Map.of("downloadCode", "abc"));
        m.put("conversationId", "user-" + staffId);
        m.put("conversationType", "1");
        m.put("senderStaffId", staffId);
        m.put("senderNick", "Nick " + staffId);
        m.put("sessionWebhook", webhook);
        m.put("sessionWebhookExpiredTime", System.currentTimeMillis() + 3_600_000L);
        return FakeDingTalk.JSON.writeValueAsString(m);
    }

    static String cardClick(String outTrackId, String userId, String token, String spaceType, String spaceId) {
        String content = FakeDingTalk.JSON.writeValueAsString(Map.of("cardPrivateData",
                Map.of("actionIds", List.of("choose"), "params", Map.of("token", token))));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outTrackId", outTrackId);
        m.put("corpId", CORP);
        m.put("userId", userId);
        m.put("type", "actionCallback");
        m.put("spaceType", spaceType);
        m.put("spaceId", spaceId);
        m.put("content", content);
        return FakeDingTalk.JSON.writeValueAsString(m);
    }
}
