package com.actionbridge.store.redis;

import com.actionbridge.card.PageLimit;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.DurableSink;
import com.actionbridge.conversation.Inbox;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.ReplyAddress;
import com.actionbridge.conversation.ReplyResolver;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.UserText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands.XClaimOptions;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The durable {@link Inbox} on Redis Streams.
 * <p>
 * Each run of an instance (a <em>life</em>, named by its start time and a random part) has its own stream. An event is
 * appended there ({@code XADD}) before the channel acknowledges it, then goes straight to this instance's engine; when
 * its reply has been sent it is deleted ({@code XDEL}). So a stream holds exactly the events its life accepted and did
 * not finish. A life beats a heartbeat key whose time to live is {@code takeover-after}; once the key is gone (the
 * process died, or stopped and handed its events back) any live instance, or the same instance id started again,
 * takes the stream over: through the stream's consumer group ({@code XREADGROUP}) it reads the events never taken,
 * and claims ({@code XCLAIM}) those an instance that has died since had taken, and runs them in stream order through
 * its engine, which holds the session lock and keeps each person's order. A short lock keeps two instances from
 * splitting one stream between them.
 * <p>
 * Before an upstream call a turn records "calling" for its event, and its result once saved; an instance taking the
 * event over reads that record and never calls the upstream again for it (see {@link DurableSink}).
 */
public final class RedisInbox implements Inbox, SmartLifecycle, AutoCloseable {

    /**
     * Stops after the web server (no callback arrives any more) and before the Redis connection: the engine's
     * running turns still save their state and send their replies, and the events are handed back through Redis.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(RedisInbox.class);
    static final String GROUP = "inbox";
    private static final Duration MARK_TTL = Duration.ofDays(1);
    private static final int BATCH = 500;

    private final StringRedisTemplate redis;
    private final StreamOperations<String, Object, Object> streams;
    private final RedisKeys keys;
    private final Conversations engine;
    private final ObjectProvider<ReplyResolver> resolvers;
    private final Duration takeoverAfter;
    private final Clock clock;
    private final Supplier<String> instance;
    private final String life;
    private final String stream;
    private final ScheduledExecutorService beats;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger handedBack = new AtomicInteger();
    private final AtomicLong takenOverHere = new AtomicLong();
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile Snapshot snapshot;

    private record Snapshot(long at, Figures figures) {
    }

    /** An event as stored: the neutral event's fields. */
    record StoredEvent(String type, String bot, String conversation, String person, String upstreamUser, String text,
                       String token, Integer pageMax, PageLimit.Unit pageUnit) {

        static StoredEvent of(ConversationEvent event) {
            SessionKey key = event.origin().session();
            PageLimit page = event.origin().page();
            return event instanceof UserText t
                    ? new StoredEvent("text", key.botId(), key.conversationId(), key.personId(),
                    event.origin().upstreamUserId(), t.text(), null, page.max(), page.unit())
                    : new StoredEvent("click", key.botId(), key.conversationId(), key.personId(),
                    event.origin().upstreamUserId(), null, ((ChoicePicked) event).token(), page.max(), page.unit());
        }

        ConversationEvent event() {
            // The channel's page size travels with the event (an entry written without one gets the smallest).
            Origin origin = new Origin(new SessionKey(bot, conversation, person), upstreamUser,
                    pageMax == null ? null : new PageLimit(pageMax, pageUnit));
            return "click".equals(type) ? new ChoicePicked(origin, token) : new UserText(origin, text);
        }
    }

    public RedisInbox(StringRedisTemplate redis, RedisKeys keys, Conversations engine,
                      ObjectProvider<ReplyResolver> resolvers, Supplier<String> instance, Duration takeoverAfter,
                      Clock clock) {
        this.redis = redis;
        this.streams = redis.opsForStream();
        this.keys = keys;
        this.engine = engine;
        this.resolvers = resolvers;
        this.takeoverAfter = takeoverAfter;
        this.clock = clock;
        this.instance = instance;
        this.life = Long.toString(clock.millis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.stream = streamOf(life);
        try {
            beat();
        } catch (DataAccessException e) {
            log.warn("Inbox: Redis is unavailable at start-up ({}); the heartbeat starts once it answers",
                    e.getMessage());
        }
        // Three beats per takeover period; the stopped are looked for at least once a second, so events handed back
        // at a shutdown are taken over at once.
        long period = Math.max(50, Math.min(1000, takeoverAfter.toMillis() / 3));
        this.beats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ab-inbox").daemon(true)
                .factory());
        beats.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** From now on other lives' streams may be taken over (the channels that answer them are there). */
    public void ready() {
        ready = true;
        beats.execute(this::tick);
    }

    @Override
    public void start() {
        ready();
    }

    @Override
    public void stop() {
        try {
            close();
        } catch (Exception e) {
            log.error("Inbox: stopping failed", e);
        }
    }

    @Override
    public boolean isRunning() {
        return ready && !closed;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public String life() {
        return life;
    }

    /** Events handed back by the engine at shutdown, unstarted. */
    public int handedBack() {
        return handedBack.get();
    }

    /**
     * Stops this run's heartbeat and its takeovers, handing nothing back, as if the process had frozen or lost its
     * network (its engine goes on): for tests of the takeover, which cannot kill the process they run in.
     */
    public void halt() {
        closed = true;
        beats.shutdownNow();
    }

    @Override
    public void accept(ConversationEvent event, ReplyAddress address, ReplySink sink) {
        Map<String, String> fields = Map.of("event", RedisJson.write(StoredEvent.of(event)),
                "channel", address.channel(), "address", RedisJson.write(new TreeMap<>(address.fields())));
        RecordId id = streams.add(StreamRecords.string(fields).withStreamKey(stream));
        engine.handle(event, new Entry(stream, id.getValue(), false, sink));
    }

    // --- heartbeat and takeover ---

    private void tick() {
        if (closed) {
            return;
        }
        try {
            beat();
            if (ready) {
                takeOverTheStopped();
            }
        } catch (DataAccessException e) {
            log.warn("Inbox: Redis is unavailable for the heartbeat: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Inbox: the heartbeat failed", e);
        }
    }

    /** The heartbeat; the instance's name is written each time, as it may only be known once the server runs. */
    private void beat() {
        if (Long.valueOf(1).equals(redis.opsForSet().add(livesKey(), life))) {
            createGroup(stream); // Redis lost its data (restarted without persistence): this run starts over
        }
        redis.opsForValue().set(aliveKey(life), instance.get(), takeoverAfter);
        redis.opsForHash().put(progressKey(), life, String.valueOf(inProgress.get()));
        redis.opsForHash().put(namesKey(), life, instance.get());
    }

    private void takeOverTheStopped() {
        for (String other : redis.opsForSet().members(livesKey())) {
            if (!other.equals(life) && stopped(other)) {
                takeOver(other);
            }
        }
    }

    /** True when a life does not run any more: its heartbeat is gone. */
    private boolean stopped(String other) {
        return !other.equals(life) && !Boolean.TRUE.equals(redis.hasKey(aliveKey(other)));
    }

    private void takeOver(String other) {
        String from = streamOf(other);
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.of("inbox-taking", other), life,
                takeoverAfter))) {
            return; // another instance is taking it over right now
        }
        try {
            List<MapRecord<String, Object, Object>> taken = new ArrayList<>();
            if (Boolean.TRUE.equals(redis.hasKey(from))) {
                createGroup(from); // gone when Redis restarted empty and the stream was written again
                List<RecordId> orphaned = new ArrayList<>();
                for (PendingMessage p : streams.pending(from, GROUP, Range.unbounded(), BATCH)) {
                    if (stopped(p.getConsumerName())) {
                        orphaned.add(p.getId());
                    }
                }
                if (!orphaned.isEmpty()) {
                    taken.addAll(streams.claim(from, GROUP, life, XClaimOptions.minIdle(Duration.ZERO)
                            .ids(orphaned.toArray(RecordId[]::new))));
                }
                List<MapRecord<String, Object, Object>> read;
                do {
                    read = streams.read(Consumer.from(GROUP, life), StreamReadOptions.empty().count(BATCH),
                            StreamOffset.create(from, ReadOffset.lastConsumed()));
                    taken.addAll(read == null ? List.of() : read);
                } while (read != null && read.size() == BATCH);
            }
            if (taken.isEmpty()) {
                forgetIfEmpty(other, from);
                return;
            }
            taken.sort(Comparator.comparing((MapRecord<String, Object, Object> r) -> r.getId().getTimestamp())
                    .thenComparing(r -> r.getId().getSequence()));
            redis.opsForValue().increment(keys.of("inbox-stats", "taken-over"), taken.size());
            takenOverHere.addAndGet(taken.size());
            log.warn("Inbox: taking over {} event(s) accepted by instance {} (run {}), which stopped", taken.size(),
                    nameOf(other), other);
            for (MapRecord<String, Object, Object> record : taken) {
                hand(from, record);
            }
        } finally {
            redis.delete(keys.of("inbox-taking", other));
        }
    }

    /** A stopped life's stream with nothing left, nor taken by anyone: its keys go. */
    private void forgetIfEmpty(String other, String from) {
        Long size = streams.size(from);
        if (size == null || size == 0) {
            redis.delete(from);
            redis.opsForSet().remove(livesKey(), other);
            redis.opsForHash().delete(progressKey(), other);
            redis.opsForHash().delete(namesKey(), other);
        }
    }

    private String nameOf(String someLife) {
        Object name = redis.opsForHash().get(namesKey(), someLife);
        return name == null ? "?" : name.toString();
    }

    private void hand(String from, MapRecord<String, Object, Object> record) {
        String id = record.getId().getValue();
        try {
            StoredEvent stored = RedisJson.read((String) record.getValue().get("event"), StoredEvent.class);
            String channel = (String) record.getValue().get("channel");
            @SuppressWarnings("unchecked")
            Map<String, String> address = RedisJson.read((String) record.getValue().get("address"), Map.class);
            Optional<ReplySink> sink = resolvers.orderedStream().filter(r -> r.channel().equals(channel)).findFirst()
                    .flatMap(r -> r.resolve(address));
            if (sink.isEmpty()) {
                log.error("Inbox: a taken-over event of session {} cannot be answered: channel '{}' or its bot is "
                        + "gone; it is dropped", stored.event().origin().session(), channel);
                new Entry(from, id, true, result -> { }).finish();
                return;
            }
            engine.handle(stored.event(), new Entry(from, id, true, sink.get()));
        } catch (RuntimeException e) {
            log.error("Inbox: a taken-over event ({} of {}) could not be handed to the engine", id, from, e);
        }
    }

    // --- figures ---

    @Override
    public Figures figures() {
        Snapshot s = snapshot;
        if (s != null && clock.millis() - s.at() < 1000) {
            return s.figures();
        }
        Figures f = measure();
        snapshot = new Snapshot(clock.millis(), f);
        return f;
    }

    private Figures measure() {
        long now = clock.millis();
        long total = 0;
        long oldest = now;
        Map<String, Long> running = new TreeMap<>();
        Map<Object, Object> progress = redis.opsForHash().entries(progressKey());
        Map<Object, Object> names = redis.opsForHash().entries(namesKey());
        for (String other : redis.opsForSet().members(livesKey())) {
            String key = streamOf(other);
            Long size = streams.size(key);
            if (size != null && size > 0) {
                total += size;
                List<MapRecord<String, Object, Object>> first = streams.range(key, Range.unbounded(),
                        Limit.limit().count(1));
                if (first != null && !first.isEmpty()) {
                    oldest = Math.min(oldest, first.get(0).getId().getTimestamp());
                }
            }
            if (!stopped(other)) {
                long n = other.equals(life) ? inProgress.get()
                        : Long.parseLong(String.valueOf(progress.getOrDefault(other, "0")));
                running.merge(String.valueOf(names.getOrDefault(other, other)), n, Long::sum);
            }
        }
        long started = running.values().stream().mapToLong(Long::longValue).sum();
        String takenOver = redis.opsForValue().get(keys.of("inbox-stats", "taken-over"));
        return new Figures(Math.max(0, total - started), running,
                takenOver == null ? 0 : Long.parseLong(takenOver), Duration.ofMillis(Math.max(0, now - oldest)));
    }

    /** Events started on this instance and not finished. */
    public int inProgressHere() {
        return inProgress.get();
    }

    /** Events this instance took over from stopped ones. */
    public long takenOverHere() {
        return takenOverHere.get();
    }

    // --- shutdown ---

    /**
     * Stops the engine first (its unstarted events are handed back here, its running turns finish within its
     * shutdown wait), then the heartbeat: the key goes at once, so the other instances take over what is left on
     * their next beat rather than after {@code takeover-after}.
     */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
        closed = true;
        beats.shutdownNow();
        try {
            redis.delete(aliveKey(life));
            redis.opsForHash().delete(progressKey(), life);
            Long left = streams.size(stream);
            if (left != null && left > 0) {
                log.info("Inbox: {} event(s) handed back ({} not started); another instance takes them over",
                        left, handedBack.get());
            } else {
                redis.delete(stream);
                redis.opsForSet().remove(livesKey(), life);
                redis.opsForHash().delete(namesKey(), life);
            }
        } catch (DataAccessException e) {
            log.warn("Inbox: could not hand back through Redis ({}); the events are taken over after {}",
                    e.getMessage(), takeoverAfter);
        }
    }

    // --- keys ---

    /** The stream's consumer group (and the stream), unless there. */
    private void createGroup(String key) {
        try {
            streams.createGroup(key, ReadOffset.from("0-0"), GROUP);
        } catch (DataAccessException e) {
            if (!redisError(e, "BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** True when Redis answered the command with this error code (e.g. BUSYGROUP). */
    private static boolean redisError(DataAccessException e, String code) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        return String.valueOf(cause.getMessage()).startsWith(code)
                || String.valueOf(e.getMessage()).contains(code);
    }

    private String streamOf(String someLife) {
        return keys.of("inbox", someLife);
    }

    private String aliveKey(String someLife) {
        return keys.of("inbox-alive", someLife);
    }

    private String livesKey() {
        return keys.of("inbox-lives", "all");
    }

    private String progressKey() {
        return keys.of("inbox-progress", "all");
    }

    private String markKey(String from, String id) {
        return keys.of("inbox-mark", from.substring(keys.of("inbox", "").length()) + "/" + id);
    }

    private String namesKey() {
        return keys.of("inbox-names", "all");
    }

    /** One accepted event on its way through the engine. */
    private final class Entry implements DurableSink {
        private final String from;
        private final String id;
        private final boolean takenOver;
        private final ReplySink sink;
        private volatile boolean started;
        private volatile boolean skipped;
        private volatile Optional<Mark> mark;

        Entry(String from, String id, boolean takenOver, ReplySink sink) {
            this.from = from;
            this.id = id;
            this.takenOver = takenOver;
            this.sink = sink;
        }

        @Override
        public boolean takenOver() {
            return takenOver;
        }

        /** What the earlier attempt left, as read when the turn started. */
        @Override
        public Optional<Mark> mark() {
            Optional<Mark> read = mark;
            return read != null ? read : readMark();
        }

        private Optional<Mark> readMark() {
            return Optional.ofNullable(RedisJson.read(redis.opsForValue().get(markKey(from, id)), Mark.class));
        }

        /**
         * Of a taken-over event, the mark is read before the entry is looked for: the instance that ran it deletes
         * the entry before the mark, so a mark found missing with the entry still there was never written.
         */
        @Override
        public boolean started() {
            List<PendingMessage> holder;
            try {
                holder = streams.pending(from, GROUP, Range.closed(id, id), 1).stream().toList();
            } catch (DataAccessException e) {
                if (takenOver || !redisError(e, "NOGROUP")) {
                    throw e;
                }
                createGroup(from); // Redis restarted empty: nobody can have claimed this run's events
                holder = List.of();
            }
            boolean mine = takenOver ? holder.size() == 1 && holder.get(0).getConsumerName().equals(life)
                    : holder.isEmpty();
            if (mine && takenOver) {
                mark = readMark();
            }
            if (mine && takenOver && streams.range(from, Range.closed(id, id)).isEmpty()) {
                // The instance thought stopped finished it after all.
                streams.acknowledge(from, GROUP, id);
                mine = false;
            }
            skipped = !mine;
            if (mine) {
                started = true;
                inProgress.incrementAndGet();
            }
            return mine;
        }

        @Override
        public void calling(boolean mayRunAction) {
            redis.opsForValue().set(markKey(from, id), RedisJson.write(new Mark(true, mayRunAction, null)),
                    MARK_TTL);
        }

        @Override
        public void finished(TurnResult result) {
            redis.opsForValue().set(markKey(from, id), RedisJson.write(new Mark(true, false, result)), MARK_TTL);
        }

        @Override
        public void handedBack() {
            handedBack.incrementAndGet();
        }

        /** Sends the reply, then the event is done: acknowledged and deleted with its mark. */
        @Override
        public void deliver(TurnResult result) {
            if (skipped) {
                return;
            }
            try {
                sink.deliver(result);
            } finally {
                finish();
            }
        }

        void finish() {
            if (started) {
                inProgress.decrementAndGet();
            }
            try {
                if (takenOver) {
                    streams.acknowledge(from, GROUP, id);
                }
                streams.delete(from, id);
                redis.delete(markKey(from, id));
            } catch (DataAccessException e) {
                log.error("Inbox: an answered event ({} of {}) could not be removed: {}", id, from, e.getMessage());
            }
        }
    }
}
