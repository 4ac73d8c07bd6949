package com.actionbridge.store.redis;

import com.actionbridge.conversation.CardText;
import com.actionbridge.conversation.CardTextStore;
import com.actionbridge.conversation.SessionKey;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CardTextStore} in Redis: {@code <prefix>cardtext:<cardId>} is a hash whose {@code text} field holds the
 * whole text, written once when the card is shown, and whose {@code meta} field holds the rest as JSON (owner,
 * title, how far it was read); paging rewrites only {@code meta}. The key expires with the session TTL, renewed
 * on every read.
 */
public final class RedisCardTextStore implements CardTextStore {

    private static final String TEXT = "text";
    private static final String META = "meta";

    /** The stored value without its text. */
    private record Meta(SessionKey owner, String title, int next, int page, int pages, String moreToken) {
    }

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    public RedisCardTextStore(StringRedisTemplate redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    @Override
    public void put(String cardId, CardText text) {
        String key = keys.of("cardtext", cardId);
        redis.opsForHash().putAll(key, Map.of(TEXT, text.text(), META, RedisJson.write(meta(text))));
        redis.expire(key, ttl);
    }

    @Override
    public Optional<CardText> find(String cardId) {
        String key = keys.of("cardtext", cardId);
        List<Object> values = redis.opsForHash().multiGet(key, List.of(TEXT, META));
        if (values.get(0) == null || values.get(1) == null) {
            return Optional.empty();
        }
        redis.expire(key, ttl);
        Meta meta = RedisJson.read((String) values.get(1), Meta.class);
        return Optional.of(new CardText(meta.owner(), meta.title(), (String) values.get(0), meta.next(), meta.page(),
                meta.pages(), meta.moreToken()));
    }

    @Override
    public void paged(String cardId, CardText text) {
        String key = keys.of("cardtext", cardId);
        // Only while the text is there: an expired entry is not brought back without it.
        if (Boolean.TRUE.equals(redis.opsForHash().hasKey(key, TEXT))) {
            redis.opsForHash().put(key, META, RedisJson.write(meta(text)));
            redis.expire(key, ttl);
        }
    }

    private static Meta meta(CardText text) {
        return new Meta(text.owner(), text.title(), text.next(), text.page(), text.pages(), text.moreToken());
    }
}
