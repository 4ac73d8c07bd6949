package com.actionbridge.channel.dingtalk;

/**
 * Where and to whom a reply goes.
 *
 * @param group           a group chat (replies @ the person) or a one-to-one chat
 * @param conversationId  the open conversation id (groups)
 * @param staffId         the person the reply answers
 * @param nick            that person's display name, or null
 * @param webhook         the session webhook of the message being answered, or null
 * @param webhookExpires  epoch millis when the webhook dies
 */
public record ReplyTarget(boolean group, String conversationId, String staffId, String nick, String webhook,
                          long webhookExpires) {

    static ReplyTarget of(InboundMessage m) {
        return new ReplyTarget(m.group(), m.conversationId(), m.senderStaffId(), m.senderNick(),
                m.sessionWebhook(), m.sessionWebhookExpires());
    }

    /** The same conversation, answering someone else (who may have no webhook of their own). */
    ReplyTarget answering(String otherStaffId, String otherNick) {
        return new ReplyTarget(group, conversationId, otherStaffId, otherNick, webhook, webhookExpires);
    }

    String displayName() {
        return nick == null || nick.isBlank() ? staffId : nick;
    }
}
