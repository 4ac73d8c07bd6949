package com.actionbridge.conversation;

/**
 * Who a dialogue belongs to: one bot, one conversation on its platform, one person in it.
 * In a one-to-one chat the conversation id is the person's own id.
 *
 * @param botId          the configured bot's id
 * @param conversationId the platform's conversation (chat) id
 * @param personId       the platform's id of the person
 */
public record SessionKey(String botId, String conversationId, String personId) {

    public static SessionKey oneToOne(String botId, String personId) {
        return new SessionKey(botId, personId, personId);
    }

    @Override
    public String toString() {
        return botId + "/" + conversationId + "/" + personId;
    }
}
