package com.actionbridge.store.redis;

import com.actionbridge.conversation.ChoiceTicket;
import com.actionbridge.conversation.ChoiceTokenStore;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link ChoiceTokenStore} in Redis: {@code <prefix>token:<token>} holds the ticket as JSON, expiring with the session
 * TTL. A ticket is used up with one atomic {@code SET … XX KEEPTTL GET}: the used ticket replaces the stored one and
 * the old value comes back, so of two clicks arriving at two instances exactly one finds it unused.
 */
public final class RedisChoiceTokenStore implements ChoiceTokenStore {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    public RedisChoiceTokenStore(StringRedisTemplate redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    @Override
    public void put(String token, ChoiceTicket ticket) {
        redis.opsForValue().set(keys.of("token", token), RedisJson.write(ticket), ttl);
    }

    @Override
    public Optional<ChoiceTicket> find(String token) {
        return Optional.ofNullable(RedisJson.read(redis.opsForValue().getAndExpire(keys.of("token", token), ttl),
                ChoiceTicket.class));
    }

    @Override
    public boolean markUsed(String token, ChoiceTicket expected) {
        if (expected.used()) {
            return false;
        }
        byte[] key = keys.of("token", token).getBytes(StandardCharsets.UTF_8);
        byte[] used = RedisJson.write(expected.markedUsed()).getBytes(StandardCharsets.UTF_8);
        byte[] old = redis.execute(connection -> connection.stringCommands()
                .setGet(key, used, Expiration.keepTtl(), SetOption.SET_IF_PRESENT), true);
        return old != null && expected.equals(RedisJson.read(new String(old, StandardCharsets.UTF_8),
                ChoiceTicket.class));
    }
}
