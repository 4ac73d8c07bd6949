package com.actionbridge.bot;

import java.time.Instant;

/**
 * A bot's link to its platform as its channel sees it, for health and the admin console.
 *
 * @param botId         the bot
 * @param connected     true when the bot can currently receive (stream open; for webhook bots, configured)
 * @param lastConnected when the link was last (re)established, or null
 * @param reconnects    how many times it had to reconnect
 * @param lastError     the last error seen (no secrets), or null
 * @param detail        a short human description ("stream", "http callback", …)
 */
public record BotConnection(String botId, boolean connected, Instant lastConnected, long reconnects,
                            String lastError, String detail) {
}
