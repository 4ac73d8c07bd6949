package com.actionbridge.admin;

import com.actionbridge.conversation.TurnListener;
import com.actionbridge.conversation.TurnRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The most recent turns of each bot, for the console: bounded per bot; what people wrote is kept only when
 * {@code actionbridge.admin.record-text} is on. In this instance's memory, or in Redis for the turns of all
 * instances, each entry naming the instance that served it.
 */
public interface TurnLog extends TurnListener {

    /**
     * One turn as admins see it.
     *
     * @param latencyMs time spent waiting for the upstream (0 when it was not called)
     * @param text      what the person wrote; null for clicks or when text recording is off
     * @param instance  the instance that served the turn ({@code actionbridge.instance-id})
     */
    record Entry(Instant at, String botId, String conversationId, String personId, String status,
                 long latencyMs, String error, String text, String instance) {

        /** The entry for a handled turn; {@code recordText} false drops what the person wrote. */
        public static Entry of(TurnRecord record, boolean recordText, String instance) {
            return new Entry(record.at(), record.session().botId(), record.session().conversationId(),
                    record.session().personId(), record.status(),
                    record.upstreamLatency() == null ? 0 : record.upstreamLatency().toMillis(), record.error(),
                    recordText ? record.text() : null, instance);
        }
    }

    /** Up to {@code limit} entries, newest first; {@code botId} null for every bot. */
    List<Entry> recent(String botId, int limit);

    /** Sorts entries newest first and keeps the first {@code limit}. */
    static List<Entry> newestFirst(List<Entry> all, int limit) {
        List<Entry> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return sorted.size() > limit ? List.copyOf(sorted.subList(0, limit)) : sorted;
    }
}
