package com.actionbridge.conversation;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine reports about one handled event, for admin views and metrics.
 *
 * @param at              when handling started
 * @param session         whose event it was
 * @param text            what the person wrote, or null for a click
 * @param status          the status of the last card produced (upstream status or a bridge status)
 * @param upstreamLatency time spent waiting for the upstream, zero when it was not called
 * @param error           a short error description for the admin, or null
 */
public record TurnRecord(Instant at, SessionKey session, String text, String status, Duration upstreamLatency,
                         String error) {
}
