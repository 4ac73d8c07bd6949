package com.actionbridge.conversation;

/**
 * Where an event comes from.
 *
 * @param session        the session the event belongs to
 * @param upstreamUserId the person's stable id toward the upstream platform, unique across bots and
 *                       platforms (e.g. {@code wecom:<corpId>:<userId>}); it owns the authorised accounts
 */
public record Origin(SessionKey session, String upstreamUserId) {
}
