package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConnection;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** One Stream bot's link as last observed: updated by the connection monitor, read by health and admin. */
final class StreamConnectionState {

    private final String botId;
    private volatile boolean connected;
    private volatile boolean everConnected;
    private volatile Instant lastConnected;
    private volatile String lastError;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    StreamConnectionState(String botId) {
        this.botId = botId;
    }

    synchronized void observe(boolean nowConnected, Instant at) {
        if (nowConnected && !connected) {
            if (everConnected) {
                reconnects.incrementAndGet();
            }
            everConnected = true;
            lastConnected = at;
        }
        if (!nowConnected && connected && lastError == null) {
            lastError = "connection lost at " + at;
        }
        connected = nowConnected;
    }

    void error(String error) {
        lastError = error;
    }

    /**
     * A connection attempt failed before the link was up: every attempt after the first is a reconnect.
     *
     * @return the number of this failed attempt since the client started
     */
    synchronized long attemptFailed(String error) {
        lastError = error;
        long n = failedAttempts.incrementAndGet();
        if (n > 1 || everConnected) {
            reconnects.incrementAndGet();
        }
        return n;
    }

    BotConnection snapshot(String detail) {
        return new BotConnection(botId, connected, lastConnected, reconnects.get(), lastError, detail);
    }
}
