package com.actionbridge.store.redis;

import com.actionbridge.admin.RateWindows;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RateWindows} shared through Redis, with the same sliding-window meaning as in memory: a sorted set per key
 * ({@code <prefix>rate:<key>}) holds the admission times of the last window. One MULTI/EXEC transaction drops the
 * times older than the window, adds this event and counts; over the limit the event is taken out again (a refused
 * event does not count). Two instances racing for the last place may both be refused, never both admitted.
 */
public final class RedisRateWindows implements RateWindows {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration window;
    private final Clock clock;
    private final String nonce = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();

    public RedisRateWindows(StringRedisTemplate redis, RedisKeys keys, Duration window, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String key, int limit) {
        String name = keys.of("rate", key);
        long now = clock.millis();
        String member = now + ":" + nonce + ":" + sequence.incrementAndGet();
        List<Object> results = redis.execute(new SessionCallback<>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public List<Object> execute(RedisOperations operations) throws DataAccessException {
                operations.multi();
                operations.opsForZSet().removeRangeByScore(name, Double.NEGATIVE_INFINITY, now - window.toMillis());
                operations.opsForZSet().add(name, member, now);
                operations.opsForZSet().zCard(name);
                operations.expire(name, window);
                return operations.exec();
            }
        });
        long count = results == null || results.size() < 3 ? Long.MAX_VALUE : ((Number) results.get(2)).longValue();
        if (count <= limit) {
            return true;
        }
        redis.opsForZSet().remove(name, member);
        return false;
    }
}
