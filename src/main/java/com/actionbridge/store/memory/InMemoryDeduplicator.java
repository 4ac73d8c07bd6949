package com.actionbridge.store.memory;

import com.actionbridge.channel.Deduplicator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;

/**
 * {@link Deduplicator} in one JVM's memory. In-flight and done keys share one bounded cache; an in-flight key
 * is kept as long as a done one, so a copy that never finishes cannot block its key forever.
 */
public final class InMemoryDeduplicator implements Deduplicator {

    private enum State { IN_FLIGHT, DONE }

    private final Cache<String, State> seen;

    public InMemoryDeduplicator(Duration retention, long maxKeys) {
        this(retention, maxKeys, Ticker.systemTicker());
    }

    /** With the time source of the application's clock, so retention follows it. */
    public InMemoryDeduplicator(Duration retention, long maxKeys, Ticker ticker) {
        this.seen = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(maxKeys).ticker(ticker).build();
    }

    @Override
    public boolean begin(String key) {
        return seen.asMap().putIfAbsent(key, State.IN_FLIGHT) == null;
    }

    @Override
    public void finish(String key) {
        seen.put(key, State.DONE);
    }

    @Override
    public void abandon(String key) {
        seen.asMap().remove(key, State.IN_FLIGHT);
    }
}
