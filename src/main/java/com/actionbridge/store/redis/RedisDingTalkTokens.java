package com.actionbridge.store.redis;

import com.actionbridge.channel.dingtalk.DingTalkTokens;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link DingTalkTokens} in Redis: {@code <prefix>dingtalk-token:<bot>} holds the token as JSON and expires with it,
 * so every instance uses the token one of them fetched.
 */
public final class RedisDingTalkTokens implements DingTalkTokens {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Clock clock;

    public RedisDingTalkTokens(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<Token> get(String botId) {
        return Optional.ofNullable(RedisJson.read(redis.opsForValue().get(keys.of("dingtalk-token", botId)),
                Token.class));
    }

    @Override
    public void put(String botId, Token token) {
        Duration left = Duration.between(clock.instant(), token.expiresAt());
        if (!left.isNegative() && !left.isZero()) {
            redis.opsForValue().set(keys.of("dingtalk-token", botId), RedisJson.write(token), left);
        }
    }

    @Override
    public void remove(String botId) {
        redis.delete(keys.of("dingtalk-token", botId));
    }
}
