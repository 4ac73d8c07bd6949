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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The conversation engine: runs each event on its own virtual thread, one at a time per session in arrival
 * order (a per-session lane), different sessions in parallel.
 * <p>
 * Capacity is a bound on turns <em>in flight</em> ({@code max-in-flight}), not on threads: a turn spends its time
 * waiting for the upstream, and a parked virtual thread costs about a kilobyte. Events that cannot start yet
 * wait in their session's lane; the lanes that have work wait, in arrival order, for a turn slot. Work waiting
 * is bounded twice: over all sessions ({@code queue-capacity}, beyond it a "busy" card) and per session
 * ({@code per-session-queue}, beyond it a "slow down" card), so one person cannot fill the queue.
 * <p>
 * Sending a turn's reply is a step of its own, after the turn slot is given back: it runs on a send thread under
 * its own bound ({@code max-sending}), so a slow platform API never holds a slot that waits for the upstream.
 * The session's next event starts once that reply was sent (or after {@code send-timeout}), so replies keep
 * their order. Refusal cards ("busy", "slow down", "not processed") are sent the same way, never on the
 * caller's thread. At shutdown every event accepted and not started is answered "not processed, send it again",
 * except an event kept in a durable inbox ({@link DurableSink}), which is handed back to it for another instance.
 */
public final class ConversationEngine implements Conversations, SessionDirectory, EngineLoad, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConversationEngine.class);
    private static final long UNWIND_MILLIS = 2000;

    private final TurnHandler turns;
    private final SessionLock lock;
    private final SessionStore sessions;
    private final BridgeCards cards;
    private final List<AdmissionPolicy> policies;
    private final List<TurnListener> listeners;
    private final Clock clock;
    private final int capacity;
    private final int perSession;
    private final int maxSending;
    private final Duration sendTimeout;
    private final Duration shutdownWait;

    private final Semaphore turnSlots;
    private final Semaphore sendSlots;
    private final ExecutorService turnThreads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ab-turn-", 1).factory());
    private final ExecutorService sendThreads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ab-send-", 1).factory());
    /** The events of each session with work, not yet started; a session is here while it has work or a turn. */
    private final Map<SessionKey, Deque<Pending>> lanes = new ConcurrentHashMap<>();
    /** Sessions whose next event may start, in the order they became ready. */
    private final BlockingQueue<SessionKey> ready = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    /** Readers accept events; the writer stops accepting, so no event slips into a lane after the shutdown sweep. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
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
        this.perSession = properties.perSessionQueue();
        this.maxSending = properties.maxSending();
        this.sendTimeout = properties.sendTimeout();
        this.shutdownWait = properties.shutdownWait();
        this.turnSlots = new Semaphore(properties.maxInFlight());
        this.sendSlots = new Semaphore(properties.maxSending(), true);
        this.dispatcher = Thread.ofPlatform().name("ab-engine-dispatch").daemon(true).unstarted(this::dispatch);
        this.dispatcher.start();
    }

    @Override
    public void handle(ConversationEvent event, ReplySink sink) {
        // The event's arrival: anything it must carry from this moment is stamped here, on the caller's thread.
        event = turns.arrived(event); // what the person saw decides what a typed number answers
        Instant at = clock.instant();
        Pending pending = new Pending(event, sink, at, admission(event).orElse(null));
        Card refusal;
        gate.readLock().lock();
        try {
            refusal = accepting ? accept(pending) : cards.notProcessed();
        } finally {
            gate.readLock().unlock();
        }
        if (refusal != null && !accepting && sink instanceof DurableSink durable) {
            durable.handedBack(); // stopping: the inbox keeps it for another instance
            return;
        }
        if (refusal != null) {
            rejected.incrementAndGet();
            log.warn("Session {} gets a '{}' card (queued {}, running {})", pending.key(), refusal.title(),
                    queued(), running());
            answer(pending, refusal, "refused");
        }
    }

    /**
     * An event for its session's lane; {@code at} is when it arrived; {@code refusal} is set when a policy
     * refused it (the refusal still waits its turn, so it comes after the session's earlier replies).
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

    /** Puts the event in its session's lane; the card to answer instead when it may not wait, else null. */
    private Card accept(Pending pending) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return cards.busy();
        }
        SessionKey key = pending.key();
        boolean[] fresh = {false};
        boolean[] full = {false};
        lanes.compute(key, (k, lane) -> {
            Deque<Pending> q = lane == null ? new ArrayDeque<>() : lane;
            fresh[0] = lane == null;
            if (q.size() >= perSession) {
                full[0] = true;
            } else {
                q.addLast(pending);
            }
            return q;
        });
        if (full[0]) {
            queued.decrementAndGet();
            return cards.slowDown();
        }
        if (fresh[0]) {
            ready.add(key);
        }
        return null;
    }

    /** Starts the next event of the next ready session whenever a turn slot is free. */
    private void dispatch() {
        try {
            while (accepting) {
                turnSlots.acquire();
                SessionKey key;
                try {
                    key = ready.take();
                } catch (InterruptedException e) {
                    turnSlots.release();
                    throw e;
                }
                Pending next = poll(key);
                if (next == null) {
                    turnSlots.release();
                    continue;
                }
                queued.decrementAndGet();
                running.incrementAndGet();
                try {
                    turnThreads.execute(() -> turn(key, next));
                } catch (RejectedExecutionException e) {
                    running.decrementAndGet();
                    turnSlots.release();
                    answer(next, cards.notProcessed(), "stopped");
                }
            }
        } catch (InterruptedException e) {
            // close(): the events still in the lanes are answered there.
        }
    }

    /** The lane's next event, or null when there is none (the lane was swept at shutdown). */
    private Pending poll(SessionKey key) {
        Pending[] next = {null};
        lanes.computeIfPresent(key, (k, q) -> {
            next[0] = q.pollFirst();
            return q;
        });
        return next[0];
    }

    /** One event on its own virtual thread: the turn under a slot, then its reply in order, then the lane. */
    private void turn(SessionKey key, Pending pending) {
        Instant started = clock.instant();
        TurnHandler.Outcome outcome;
        try {
            outcome = run(pending);
        } finally {
            running.decrementAndGet();
            turnSlots.release();
        }
        if (!accepting && Thread.currentThread().isInterrupted() && pending.sink() instanceof DurableSink durable) {
            // Cut off by the shutdown: the inbox keeps it; the instance taking it over reads what it got to.
            log.warn("Session {}: a turn cut off by the shutdown is handed back to the inbox", key);
            durable.handedBack();
            next(key);
            return;
        }
        CompletableFuture<Void> sent = send(pending.sink(), outcome.result());
        try {
            sent.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("The reply to session {} is still being sent after {}; its next event goes ahead", key,
                    sendTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.error("Sending a reply to session {} failed", key, e.getCause());
        }
        record(pending, started, outcome);
        next(key);
    }

    /** Runs one turn (or answers a policy's refusal): the single place where an event is handled. */
    private TurnHandler.Outcome run(Pending pending) {
        if (pending.refusal() != null) {
            return new TurnHandler.Outcome(TurnResult.of(pending.refusal()), Duration.ZERO, null);
        }
        ConversationEvent event = pending.event();
        try {
            // Under the session's lock: with a shared store, one person's events never overlap across instances.
            if (pending.sink() instanceof DurableSink durable) {
                return lock.call(event.origin().session(), () -> durably(event, durable));
            }
            return lock.call(event.origin().session(), () -> turns.handle(event));
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            log.error("Handling an event of session {} failed", event.origin().session(), e);
            return new TurnHandler.Outcome(TurnResult.of(cards.notice("notice.internal_error")), Duration.ZERO,
                    e.getClass().getSimpleName());
        }
    }

    /**
     * A turn of an event kept in a durable inbox: marks it started, and before any upstream call "calling", so that an
     * instance taking it over after a stop never repeats a call that may have run. Taken over, it answers from what
     * the earlier attempt left: its saved result, or an "interrupted" card when a call may have been sent.
     */
    private TurnHandler.Outcome durably(ConversationEvent event, DurableSink durable) {
        if (!durable.started()) {
            log.info("Session {}: an event is run by another instance; skipped here", event.origin().session());
            return new TurnHandler.Outcome(new TurnResult(List.of(), Optional.empty()), Duration.ZERO,
                    "run by another instance");
        }
        if (durable.takenOver()) {
            Optional<DurableSink.Mark> mark = durable.mark();
            if (mark.isPresent() && mark.get().result() != null) {
                log.info("Session {}: a taken-over event had finished; its saved reply is sent again",
                        event.origin().session());
                return new TurnHandler.Outcome(mark.get().result(), Duration.ZERO, null);
            }
            if (mark.isPresent() && mark.get().calling()) {
                log.warn("Session {}: a taken-over event may have reached the upstream already; it is not sent again",
                        event.origin().session());
                TurnHandler.Outcome interrupted = turns.interrupted(event, mark.get().mayHaveRun());
                durable.finished(interrupted.result());
                return interrupted;
            }
        }
        TurnHandler.Outcome outcome = turns.handle(event, durable::calling);
        durable.finished(outcome.result());
        return outcome;
    }

    /** After a turn: the session is ready again when it has more events, else its lane goes. */
    private void next(SessionKey key) {
        boolean[] more = {false};
        lanes.computeIfPresent(key, (k, q) -> {
            more[0] = !q.isEmpty();
            return more[0] ? q : null;
        });
        if (more[0]) {
            ready.add(key);
        }
    }

    /** Sends a card that answers an event without a turn (busy, slow down, not processed) on a send thread. */
    private void answer(Pending pending, Card card, String error) {
        TurnHandler.Outcome outcome = new TurnHandler.Outcome(TurnResult.of(card), Duration.ZERO, error);
        send(pending.sink(), outcome.result()).whenComplete((v, e) -> record(pending, pending.at(), outcome));
    }

    /** Delivers a result to its sink on a send thread, under the send bound; completes when done or given up. */
    private CompletableFuture<Void> send(ReplySink sink, TurnResult result) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            sendThreads.execute(() -> {
                try {
                    if (!sendSlots.tryAcquire(sendTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        log.error("A reply waited {} for one of the {} send slots and was not sent", sendTimeout,
                                maxSending);
                        return;
                    }
                    try {
                        sink.deliver(result);
                    } catch (RuntimeException | LinkageError | AssertionError e) {
                        log.error("A reply sink failed", e);
                    } finally {
                        sendSlots.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.error("The engine stopped before a reply could be sent");
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            log.error("The engine has stopped; a reply could not be sent");
            done.complete(null);
        }
        return done;
    }

    private void record(Pending pending, Instant at, TurnHandler.Outcome outcome) {
        ConversationEvent event = pending.event();
        List<Card> produced = outcome.result().cards();
        TurnRecord record = new TurnRecord(at, event.origin().session(),
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

    /**
     * Stops taking events and answers every event not started yet ("not processed, send it again") or, when it is
     * kept in a durable inbox, hands it back there unanswered; then waits up to the shutdown wait for the running
     * turns and their replies.
     */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            if (!accepting) {
                return;
            }
            accepting = false;
        } finally {
            gate.writeLock().unlock();
        }
        dispatcher.interrupt();
        try {
            dispatcher.join(shutdownWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int unstarted = 0;
        int handedBack = 0;
        for (SessionKey key : List.copyOf(lanes.keySet())) {
            Deque<Pending> lane = lanes.remove(key);
            for (Pending pending : lane == null ? List.<Pending>of() : lane) {
                queued.decrementAndGet();
                if (pending.sink() instanceof DurableSink durable) {
                    handedBack++;
                    durable.handedBack();
                    continue;
                }
                rejected.incrementAndGet();
                unstarted++;
                answer(pending, cards.notProcessed(), "stopped");
            }
        }
        if (unstarted > 0) {
            log.warn("Engine stopping: {} event(s) not started were answered 'not processed, send it again'",
                    unstarted);
        }
        if (handedBack > 0) {
            log.info("Engine stopping: {} event(s) not started were handed back to the inbox", handedBack);
        }
        turnThreads.shutdown();
        try {
            if (!turnThreads.awaitTermination(shutdownWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Engine stopped with {} turn(s) still running after {}", running.get(), shutdownWait);
                turnThreads.shutdownNow();
                // The interrupted turns unwind (their session locks released) while the stores are still there.
                turnThreads.awaitTermination(Math.min(shutdownWait.toMillis(), UNWIND_MILLIS), TimeUnit.MILLISECONDS);
            }
            // Only now: the turns that finished above still send their replies.
            sendThreads.shutdown();
            if (!sendThreads.awaitTermination(Math.min(shutdownWait.toMillis(), sendTimeout.toMillis()),
                    TimeUnit.MILLISECONDS)) {
                log.warn("Engine stopped with replies still being sent");
                sendThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turnThreads.shutdownNow();
            sendThreads.shutdownNow();
        }
    }
}
