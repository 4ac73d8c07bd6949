package com.actionbridge.action;

/**
 * A v1 call: answers the last response by echoing its chat id, status and step, with the person's words in
 * {@code content} and the chosen action/account in {@code data}. {@code return_amount}, {@code stream} and
 * {@code app_name_filter} come from the {@link UpstreamProfile}.
 */
public record ActionRequest(String chatId, String status, String step, String userId, String content,
                            ActionData data) {
}
