package com.actionbridge.store.redis;

import com.actionbridge.conversation.Session;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.SessionStore;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@link SessionStore} in Redis: one string key per session ({@code <prefix>session:<bot>:<conversation>:<person>})
 * holding the session as compact JSON, expiring after the session TTL and refreshed on every read (GETEX) and write.
 * A value over {@value #COMPRESS_OVER} bytes (a card with many options) is stored deflated, which keeps a session
 * with a few options under a kilobyte. Writers of one session never overlap: the engine holds the session's lock
 * across instances while a turn runs.
 */
public final class RedisSessionStore implements SessionStore {

    static final int COMPRESS_OVER = 512;
    /** The first byte of a zlib stream; JSON starts with '{'. */
    private static final byte ZLIB = 0x78;

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    public RedisSessionStore(StringRedisTemplate redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    private byte[] key(SessionKey key) {
        return keys.of("session", key.botId() + ":" + key.conversationId() + ":" + key.personId())
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<Session> get(SessionKey key) {
        byte[] value = redis.execute((RedisCallback<byte[]>) c -> c.stringCommands().getEx(key(key),
                Expiration.from(ttl)));
        return Optional.ofNullable(decode(value));
    }

    @Override
    public void put(Session session) {
        byte[] value = encode(session);
        redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().set(key(session.key()), value,
                Expiration.from(ttl), SetOption.upsert()));
    }

    @Override
    public boolean remove(SessionKey key) {
        Long removed = redis.execute((RedisCallback<Long>) c -> c.keyCommands().del(key(key)));
        return removed != null && removed > 0;
    }

    @Override
    public long size() {
        return keys.scan(redis, "session").size();
    }

    @Override
    public List<Session> list() {
        byte[][] found = keys.scan(redis, "session").stream().map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        if (found.length == 0) {
            return List.of();
        }
        List<byte[]> values = redis.execute((RedisCallback<List<byte[]>>) c -> c.stringCommands().mGet(found));
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).map(RedisSessionStore::decode)
                .toList();
    }

    static byte[] encode(Session session) {
        byte[] json = RedisJson.write(session).getBytes(StandardCharsets.UTF_8);
        if (json.length <= COMPRESS_OVER) {
            return json;
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(json);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 2);
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static Session decode(byte[] value) {
        if (value == null) {
            return null;
        }
        if (value.length == 0 || value[0] != ZLIB) {
            return RedisJson.read(new String(value, StandardCharsets.UTF_8), Session.class);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(value);
            ByteArrayOutputStream out = new ByteArrayOutputStream(value.length * 3);
            byte[] buffer = new byte[2048];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("a stored session is truncated");
                }
                out.write(buffer, 0, n);
            }
            return RedisJson.read(out.toString(StandardCharsets.UTF_8), Session.class);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a stored session cannot be read", e);
        } finally {
            inflater.end();
        }
    }
}
