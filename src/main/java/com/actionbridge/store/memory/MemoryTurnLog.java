package com.actionbridge.store.memory;

import com.actionbridge.admin.TurnLog;
import com.actionbridge.conversation.TurnRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@link TurnLog} in this JVM's memory: a bounded ring per bot. */
public final class MemoryTurnLog implements TurnLog {

    private static final int MAX_BOTS = 1_000;

    private final int perBot;
    private final boolean recordText;
    private final Supplier<String> instance;
    private final Map<String, Deque<Entry>> byBot = new ConcurrentHashMap<>();

    public MemoryTurnLog(int perBot, boolean recordText, Supplier<String> instance) {
        this.perBot = perBot;
        this.recordText = recordText;
        this.instance = instance;
    }

    @Override
    public void onTurn(TurnRecord record) {
        String botId = record.session().botId();
        if (!byBot.containsKey(botId) && byBot.size() >= MAX_BOTS) {
            return;
        }
        Entry entry = Entry.of(record, recordText, instance.get());
        Deque<Entry> entries = byBot.computeIfAbsent(botId, k -> new ArrayDeque<>());
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > perBot) {
                entries.removeLast();
            }
        }
    }

    @Override
    public List<Entry> recent(String botId, int limit) {
        List<Entry> all = new ArrayList<>();
        byBot.forEach((bot, entries) -> {
            if (botId == null || botId.equals(bot)) {
                synchronized (entries) {
                    all.addAll(entries);
                }
            }
        });
        return TurnLog.newestFirst(all, limit);
    }
}
