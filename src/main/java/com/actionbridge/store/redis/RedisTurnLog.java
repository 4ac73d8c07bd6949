package com.actionbridge.store.redis;

import com.actionbridge.admin.TurnLog;
import com.actionbridge.conversation.TurnRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link TurnLog} in Redis, for the turns of every instance: a capped list per bot ({@code <prefix>turns:<bot>},
 * LPUSH then LTRIM) and the set of bots that have one ({@code <prefix>turns-bots:all}). Each entry names the
 * instance that served the turn.
 */
public final class RedisTurnLog implements TurnLog {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final int perBot;
    private final boolean recordText;
    private final Supplier<String> instance;

    public RedisTurnLog(StringRedisTemplate redis, RedisKeys keys, int perBot, boolean recordText,
                        Supplier<String> instance) {
        this.redis = redis;
        this.keys = keys;
        this.perBot = perBot;
        this.recordText = recordText;
        this.instance = instance;
    }

    @Override
    public void onTurn(TurnRecord record) {
        String botId = record.session().botId();
        String list = keys.of("turns", botId);
        String entry = RedisJson.write(Entry.of(record, recordText, instance.get()));
        redis.executePipelined(new org.springframework.data.redis.core.SessionCallback<Object>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object execute(org.springframework.data.redis.core.RedisOperations operations) {
                operations.opsForList().leftPush(list, entry);
                operations.opsForList().trim(list, 0, perBot - 1);
                operations.opsForSet().add(keys.of("turns-bots", "all"), botId);
                return null;
            }
        });
    }

    @Override
    public List<Entry> recent(String botId, int limit) {
        Set<String> bots = botId != null ? Set.of(botId) : redis.opsForSet().members(keys.of("turns-bots", "all"));
        List<Entry> all = new ArrayList<>();
        for (String bot : bots == null ? Set.<String>of() : bots) {
            List<String> values = redis.opsForList().range(keys.of("turns", bot), 0, limit - 1);
            if (values != null) {
                values.forEach(v -> all.add(RedisJson.read(v, Entry.class)));
            }
        }
        return TurnLog.newestFirst(all, limit);
    }
}
