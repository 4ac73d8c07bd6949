package com.actionbridge.store.memory;

import com.actionbridge.admin.RateWindows;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;

/** {@link RateWindows} in this JVM's memory: the times of the last admitted events per key, in a ring. */
public final class MemoryRateWindows implements RateWindows {

    private final long windowMillis;
    private final Clock clock;
    private final Cache<String, Window> windows;

    public MemoryRateWindows(Duration window, Clock clock) {
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.windows = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).maximumSize(500_000).build();
    }

    @Override
    public boolean tryAcquire(String key, int limit) {
        return windows.get(key, k -> new Window(limit)).tryAcquire(clock.millis(), windowMillis);
    }

    /** The times of the last {@code limit} admitted events, oldest first, in a ring. */
    private static final class Window {
        private final long[] times;
        private int next;
        private int size;

        Window(int limit) {
            this.times = new long[limit];
        }

        synchronized boolean tryAcquire(long now, long windowMillis) {
            if (size < times.length) {
                times[(next + size) % times.length] = now;
                size++;
                return true;
            }
            if (now - times[next] >= windowMillis) {
                times[next] = now;
                next = (next + 1) % times.length;
                return true;
            }
            return false;
        }
    }
}
