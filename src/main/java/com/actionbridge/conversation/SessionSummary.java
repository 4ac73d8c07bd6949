package com.actionbridge.conversation;

import java.time.Instant;

/**
 * A live session as admins see it.
 *
 * @param key            whose session
 * @param upstreamUserId the person's upstream id
 * @param chatId         the upstream dialogue id, or null when no dialogue is open
 * @param status         the last upstream status, or null
 * @param step           the last upstream step, or null
 * @param lastActive     the last event handled
 */
public record SessionSummary(SessionKey key, String upstreamUserId, String chatId, String status, String step,
                             Instant lastActive) {
}
