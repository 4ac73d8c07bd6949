package com.actionbridge.store.redis;

import com.actionbridge.channel.dingtalk.SentCard;
import com.actionbridge.channel.dingtalk.SentCards;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.Optional;

/**
 * {@link SentCards} in Redis, so a click on a DingTalk card finds it whichever instance sent it:
 * {@code <prefix>card:<outTrackId>} (the card as JSON) and {@code <prefix>card-latest:<person>}, both expiring after
 * the card retention.
 */
public final class RedisSentCards implements SentCards {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration retention;

    public RedisSentCards(StringRedisTemplate redis, RedisKeys keys, Duration retention) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
    }

    @Override
    public void put(SentCard card) {
        redis.opsForValue().set(keys.of("card", card.outTrackId()), RedisJson.write(card), retention);
    }

    @Override
    public Optional<SentCard> find(String outTrackId) {
        return Optional.ofNullable(RedisJson.read(redis.opsForValue().get(keys.of("card", outTrackId)),
                SentCard.class));
    }

    @Override
    public void forget(String outTrackId) {
        redis.delete(keys.of("card", outTrackId));
    }

    @Override
    public void putLatest(String person, String outTrackId) {
        redis.opsForValue().set(keys.of("card-latest", person), outTrackId, retention);
    }

    @Override
    public Optional<String> latest(String person) {
        return Optional.ofNullable(redis.opsForValue().get(keys.of("card-latest", person)));
    }
}
