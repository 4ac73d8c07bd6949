package com.actionbridge.channel.dingtalk;

import java.util.List;

/**
 * A bot message as DingTalk sends it (the Stream {@code data} or the HTTP callback body), reduced to what the
 * channel uses.
 *
 * @param msgId                 DingTalk's message id (the de-dup key)
 * @param msgType               {@code text}, {@code picture}, {@code richText}, …
 * @param text                  the text with the @bot mention removed; empty for non-text messages
 * @param group                 true for a group chat (conversationType "2")
 * @param conversationId        the (open) conversation id
 * @param senderStaffId         the sender's staff id (userId in the org)
 * @param senderNick            the sender's display name
 * @param corpId                the org of the sender (senderCorpId, else chatbotCorpId), or null
 * @param sessionWebhook        the reply URL of this message, or null
 * @param sessionWebhookExpires epoch millis after which the webhook is dead (0 when unknown)
 * @param atStaffIds            staff ids mentioned in the message other than the bot
 * @param robotCode             the robot the message was sent to, or null
 * @param chatbotCorpId         the org of the robot, or null
 * @param senderCorpId          the org of the sender, or null
 */
public record InboundMessage(String msgId, String msgType, String text, boolean group, String conversationId,
                             String senderStaffId, String senderNick, String corpId, String sessionWebhook,
                             long sessionWebhookExpires, List<String> atStaffIds, String robotCode,
                             String chatbotCorpId, String senderCorpId) {

    public boolean isText() {
        return "text".equals(msgType);
    }

    /**
     * Whether the (unsigned) body names this bot: its robot code, and, when the bot has a corp id, its org as the
     * robot's and the sender's. The HTTP signature covers only the timestamp, so this is what ties the body to
     * the bot whose secret signed it.
     */
    public boolean addressedTo(com.actionbridge.bot.BotConfig bot) {
        if (robotCode == null || !robotCode.equals(bot.effectiveRobotCode())) {
            return false;
        }
        String corp = bot.corpId();
        if (corp == null || corp.isBlank()) {
            return true;
        }
        return corp.equals(chatbotCorpId) && (senderCorpId == null || corp.equals(senderCorpId));
    }
}
