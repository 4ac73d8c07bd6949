package com.actionbridge.store.redis;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.util.ArrayList;
import java.util.List;

/** Key names: {@code <prefix><kind>:<id>}, the prefix ({@code actionbridge.redis.key-prefix}) shared by all. */
public record RedisKeys(String prefix) {

    public String of(String kind, String id) {
        return prefix + kind + ":" + id;
    }

    /** Every key of a kind, by SCAN (never KEYS, which would block Redis). */
    List<String> scan(StringRedisTemplate redis, String kind) {
        List<String> found = new ArrayList<>();
        ScanOptions options = ScanOptions.scanOptions().match(escape(prefix + kind + ":") + "*").count(1000).build();
        try (Cursor<String> cursor = redis.scan(options)) {
            cursor.forEachRemaining(found::add);
        }
        return found;
    }

    private static String escape(String glob) {
        return glob.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
