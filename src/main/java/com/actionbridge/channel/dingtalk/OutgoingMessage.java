package com.actionbridge.channel.dingtalk;

import java.util.Map;

/**
 * One robot message in both forms DingTalk accepts: the session webhook body and the robot OpenAPI's
 * {@code msgKey}/{@code msgParam}.
 *
 * @param webhookBody the JSON body for a session webhook ({@code msgtype}, …)
 * @param msgKey      the OpenAPI message template ({@code sampleMarkdown}, {@code sampleActionCard3}, …)
 * @param msgParam    its parameters (sent as a JSON string)
 */
public record OutgoingMessage(Map<String, Object> webhookBody, String msgKey, Map<String, String> msgParam) {
}
