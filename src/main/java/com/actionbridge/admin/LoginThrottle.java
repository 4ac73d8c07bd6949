package com.actionbridge.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many admin tokens one client address may have checked per minute. Every attempt takes a slot before
 * the token is compared, so concurrent guesses cannot overrun the bound; a right token gives its slot back.
 * Behind a reverse proxy, set {@code server.forward-headers-strategy} so the client's own address is seen.
 */
final class LoginThrottle {

    private final int perMinute;
    private final Cache<String, AtomicInteger> attempts;

    LoginThrottle(int perMinute) {
        this.perMinute = perMinute;
        this.attempts = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();
    }

    /** Takes a slot for one check; false when the client used up its minute: answer 429 and check nothing. */
    boolean tryAcquire(String client) {
        AtomicInteger used = attempts.get(key(client), k -> new AtomicInteger());
        if (used.incrementAndGet() > perMinute) {
            used.decrementAndGet();
            return false;
        }
        return true;
    }

    /** The token was right: its check does not count as a failure. */
    void succeeded(String client) {
        AtomicInteger used = attempts.getIfPresent(key(client));
        if (used != null) {
            used.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    private static String key(String client) {
        return client == null ? "" : client;
    }
}
