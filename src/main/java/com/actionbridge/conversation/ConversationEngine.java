package com.actionbridge.conversation;

import com.actionbridge.card.Card;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The conversation engine: runs each event on a bounded pool of workers, one at a time per session in arrival
 * order (a per-session lane), different sessions in parallel.
 * <p>
 * The bound is on events accepted and not yet started, over all sessions; each waiting session holds one slot
 * in the pool's queue, so memory stays bounded. An event over the bound gets a "busy" card from a separate
 * single notifier thread, so the caller's thread never runs a sink.
 */
public final class ConversationEngine implements Conversations, SessionDirectory, EngineLoad, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConversationEngine.class);

    private final TurnHandler turns;
    private final SessionLock lock;
    private final SessionStore sessions;
    private final BridgeCards cards;
    private final List<AdmissionPolicy> policies;
    private final List<TurnListener> listeners;
    private final Clock clock;
    private final int capacity;
    private final Duration shutdownWait;

    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor notifier;
    private final Map<SessionKey, Deque<Pending>> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean accepting = true;

    public ConversationEngine(TurnHandlerParts parts, EngineProperties properties, List<AdmissionPolicy> policies,
                              List<TurnListener> listeners) {
        this.sessions = parts.sessions();
        this.cards = parts.cards();
        this.clock = parts.clock();
        this.lock = parts.lock();
        this.turns = new TurnHandler(parts.sessions(), parts.tokens(), parts.client(), parts.profiles(),
                parts.cards(), parts.clock());
        this.policies = List.copyOf(policies);
        this.listeners = List.copyOf(listeners);
        this.capacity = properties.queueCapacity();
        this.shutdownWait = properties.shutdownWait();
        this.workers = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads("ab-engine-"));
        this.notifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.queueCapacity()), threads("ab-engine-notify-"));
    }

    @Override
    public void handle(ConversationEvent event, ReplySink sink) {
        event = turns.arrived(event); // what the person saw decides what a typed number answers
        Instant at = clock.instant();
        Optional<Card> refusal = admission(event);
        boolean admitted = accepting;
        if (admitted && queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            admitted = false;
        }
        if (!admitted) {
            rejected.incrementAndGet();
            log.warn("Engine full or stopping: session {} gets a busy card", event.origin().session());
            Pending busy = new Pending(event, sink, at, null);
            notify(() -> finish(busy, new TurnHandler.Outcome(TurnResult.of(cards.busy()), Duration.ZERO, "busy")));
            return;
        }
        enqueue(new Pending(event, sink, at, refusal.orElse(null)));
    }

    /**
     * An event for its session's lane; {@code at} is when it arrived, then when its handling started;
     * {@code refusal} is set when a policy refused it.
     */
    private record Pending(ConversationEvent event, ReplySink sink, Instant at, Card refusal) {
        SessionKey key() {
            return event.origin().session();
        }
    }

    private Optional<Card> admission(ConversationEvent event) {
        for (AdmissionPolicy policy : policies) {
            try {
                Optional<Card> card = policy.refuse(event);
                if (card != null && card.isPresent()) {
                    return card;
                }
            } catch (RuntimeException e) {
                log.error("Admission policy {} failed; admitting the event", policy.getClass().getName(), e);
            }
        }
        return Optional.empty();
    }

    private void enqueue(Pending pending) {
        SessionKey key = pending.key();
        boolean[] fresh = {false};
        lanes.compute(key, (k, lane) -> {
            Deque<Pending> q = lane == null ? new ArrayDeque<>() : lane;
            fresh[0] = lane == null;
            q.addLast(pending);
            return q;
        });
        if (fresh[0]) {
            try {
                workers.execute(() -> drain(key));
            } catch (RejectedExecutionException e) {
                // Only in the instant the engine stops: nobody will run this lane, so its events get "busy" here.
                Pending next;
                while ((next = poll(key)) != null) {
                    queued.decrementAndGet();
                    rejected.incrementAndGet();
                    finish(next, new TurnHandler.Outcome(TurnResult.of(cards.busy()), Duration.ZERO, "busy"));
                }
            }
        }
    }

    private void drain(SessionKey key) {
        Pending pending;
        while ((pending = poll(key)) != null) {
            queued.decrementAndGet();
            running.incrementAndGet();
            try {
                run(pending);
            } catch (RuntimeException | Error e) {
                // run() answers every failure itself; this only keeps the lane alive if that ever fails.
                log.error("An engine task of session {} failed", key, e);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    /** The lane's next task, or null after removing the empty lane (atomically with {@link #enqueue}). */
    private Pending poll(SessionKey key) {
        Pending[] next = {null};
        lanes.computeIfPresent(key, (k, q) -> {
            next[0] = q.pollFirst();
            return next[0] == null ? null : q;
        });
        return next[0];
    }

    private void run(Pending pending) {
        pending = new Pending(pending.event(), pending.sink(), clock.instant(), pending.refusal());
        if (pending.refusal() != null) {
            finish(pending, new TurnHandler.Outcome(TurnResult.of(pending.refusal()), Duration.ZERO, null));
            return;
        }
        ConversationEvent event = pending.event();
        TurnHandler.Outcome outcome;
        try {
            outcome = lock.call(event.origin().session(), () -> turns.handle(event));
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            log.error("Handling an event of session {} failed", event.origin().session(), e);
            outcome = new TurnHandler.Outcome(TurnResult.of(cards.notice("notice.internal_error")), Duration.ZERO,
                    e.getClass().getSimpleName());
        }
        finish(pending, outcome);
    }

    private void finish(Pending pending, TurnHandler.Outcome outcome) {
        ConversationEvent event = pending.event();
        deliver(pending.sink(), outcome.result());
        List<Card> produced = outcome.result().cards();
        TurnRecord record = new TurnRecord(pending.at(), event.origin().session(),
                event instanceof UserText t ? t.text() : null,
                produced.isEmpty() ? null : produced.get(produced.size() - 1).status(),
                outcome.upstreamLatency(), outcome.error());
        for (TurnListener listener : listeners) {
            try {
                listener.onTurn(record);
            } catch (RuntimeException e) {
                log.warn("Turn listener {} failed", listener.getClass().getName(), e);
            }
        }
    }

    private void notify(Runnable delivery) {
        try {
            notifier.execute(delivery);
        } catch (RejectedExecutionException e) {
            // The notifier is itself full or stopped: the caller's thread is the only one left.
            delivery.run();
        }
    }

    private static void deliver(ReplySink sink, TurnResult result) {
        try {
            sink.deliver(result);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            log.error("A reply sink failed", e);
        }
    }

    @Override
    public long count() {
        return sessions.size();
    }

    @Override
    public List<SessionSummary> list(String botId, int limit) {
        return sessions.list().stream()
                .filter(s -> botId == null || botId.equals(s.key().botId()))
                .sorted(Comparator.comparing(Session::lastActive).reversed())
                .limit(Math.max(0, limit))
                .map(Session::summary)
                .toList();
    }

    @Override
    public boolean reset(SessionKey key) {
        return sessions.remove(key);
    }

    @Override
    public int queued() {
        return Math.max(0, queued.get());
    }

    @Override
    public int running() {
        return running.get();
    }

    @Override
    public long rejected() {
        return rejected.get();
    }

    /** Stops taking events, then waits up to the shutdown wait for the accepted ones. */
    @Override
    public void close() {
        accepting = false;
        workers.shutdown();
        notifier.shutdown();
        try {
            if (!workers.awaitTermination(shutdownWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Engine stopped with {} event(s) still running after {}", running.get(), shutdownWait);
                workers.shutdownNow();
            }
            notifier.awaitTermination(Math.max(1, shutdownWait.toMillis() / 10), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }
}
