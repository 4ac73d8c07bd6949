package com.actionbridge.conversation;

import java.util.Map;

/**
 * Where the reply to an event goes, in a form that can be stored and read back on any instance: the channel's name
 * and a few plain fields that channel understands (WeCom: bot, person, response code; DingTalk: bot, conversation,
 * person, webhook, the clicked card). The channel's {@link ReplyResolver} turns it back into a {@link ReplySink}.
 */
public record ReplyAddress(String channel, Map<String, String> fields) {

    public ReplyAddress {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
