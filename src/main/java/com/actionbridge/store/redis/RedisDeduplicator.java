package com.actionbridge.store.redis;

import com.actionbridge.channel.Deduplicator;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;

/**
 * {@link Deduplicator} in Redis: {@code SET NX PX} marks a delivery in flight (only the first copy, on whichever
 * instance, succeeds), {@code SET PX} marks it done for the retention, {@code DEL} forgets an abandoned (still in-flight) one. An
 * in-flight key expires like a done one, so a copy whose instance died cannot block its key forever.
 */
public final class RedisDeduplicator implements Deduplicator {

    private static final String IN_FLIGHT = "in-flight";
    private static final String DONE = "done";

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration retention;

    public RedisDeduplicator(StringRedisTemplate redis, RedisKeys keys, Duration retention) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
    }

    @Override
    public boolean begin(String key) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.of("dedup", key), IN_FLIGHT, retention));
    }

    @Override
    public void finish(String key) {
        redis.opsForValue().set(keys.of("dedup", key), DONE, retention);
    }

    @Override
    public void abandon(String key) {
        // Only the instance that began a delivery abandons it, so nobody else changes the key in between.
        String name = keys.of("dedup", key);
        if (IN_FLIGHT.equals(redis.opsForValue().get(name))) {
            redis.delete(name);
        }
    }
}
