package com.actionbridge.admin;

import com.actionbridge.conversation.TurnListener;
import com.actionbridge.conversation.TurnRecord;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The most recent turns of each bot, in memory, for the console. Bounded per bot; what people wrote is kept only
 * when {@code actionbridge.admin.record-text} is on.
 */
public class TurnLog implements TurnListener {

    /**
     * One turn as admins see it.
     *
     * @param latencyMs time spent waiting for the upstream (0 when it was not called)
     * @param text      what the person wrote; null for clicks or when text recording is off
     */
    public record Entry(Instant at, String botId, String conversationId, String personId, String status,
                        long latencyMs, String error, String text) {
    }

    private static final int MAX_BOTS = 1_000;

    private final int perBot;
    private final boolean recordText;
    private final Map<String, Deque<Entry>> byBot = new ConcurrentHashMap<>();

    public TurnLog(int perBot, boolean recordText) {
        this.perBot = perBot;
        this.recordText = recordText;
    }

    @Override
    public void onTurn(TurnRecord record) {
        String botId = record.session().botId();
        if (!byBot.containsKey(botId) && byBot.size() >= MAX_BOTS) {
            return;
        }
        Entry entry = new Entry(record.at(), botId, record.session().conversationId(),
                record.session().personId(), record.status(),
                record.upstreamLatency() == null ? 0 : record.upstreamLatency().toMillis(), record.error(),
                recordText ? record.text() : null);
        Deque<Entry> entries = byBot.computeIfAbsent(botId, k -> new ArrayDeque<>());
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > perBot) {
                entries.removeLast();
            }
        }
    }

    /** Up to {@code limit} entries, newest first; {@code botId} null for every bot. */
    public List<Entry> recent(String botId, int limit) {
        List<Entry> all = new ArrayList<>();
        byBot.forEach((bot, entries) -> {
            if (botId == null || botId.equals(bot)) {
                synchronized (entries) {
                    all.addAll(entries);
                }
            }
        });
        all.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }
}
