package com.actionbridge.channel.dingtalk;

import java.util.Map;

/**
 * An interactive card we delivered, remembered so that a click on it can be routed to the right session and
 * the card updated in place.
 *
 * @param outTrackId our id of the card instance
 * @param botId      the bot that sent it
 * @param target     the conversation and the person it answered
 * @param params     the template variables it was created with
 */
public record SentCard(String outTrackId, String botId, ReplyTarget target, Map<String, String> params) {
}
