package com.actionbridge.action;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's upstream: the {@link FakeUpstream} answering every call with a finished action after a set
 * latency, or holding calls ("hung") until {@link #releaseHung()}.
 */
public final class BenchUpstream implements AutoCloseable {

    /** The status of every answer, as the web chat's card shows it. */
    public static final String DONE_STATUS = "action_done";
    private static final String DONE = """
            {"chat_id":"bench","data":{"input":{"content":"hi"},"log_url":null,"output":{"sendrst":true}},\
            "description":"动作执行成功","status":"%s","step":"ACTION_RUN","user_id":"bench"}""".formatted(DONE_STATUS);

    private final FakeUpstream fake;
    private final FakeUpstream.Answer done = FakeUpstream.ok(DONE);
    private final AtomicInteger hung = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);
    private volatile String arrivalMarker;
    private volatile long latencyMillis;
    private volatile boolean hang;
    private volatile CountDownLatch release = new CountDownLatch(1);

    public BenchUpstream() throws IOException {
        fake = new FakeUpstream().then((exchange, request) -> {
            calls.incrementAndGet();
            String marker = arrivalMarker;
            if (marker != null && request.body().contains(marker)) {
                long now = System.nanoTime();
                firstArrival.accumulateAndGet(now, Math::min);
                lastArrival.accumulateAndGet(now, Math::max);
            }
            if (hang) {
                hung.incrementAndGet();
                await(release, 120_000);
            } else if (latencyMillis > 0) {
                await(new CountDownLatch(1), latencyMillis);
            }
            done.respond(exchange);
        });
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String baseUrl() {
        return fake.baseUrl();
    }

    /** Every following call answers after this long. */
    public void latency(long millis) {
        this.latencyMillis = millis;
        this.hang = false;
    }

    /** Every following call hangs until {@link #releaseHung()}. */
    public void hang() {
        release = new CountDownLatch(1);
        hung.set(0);
        this.hang = true;
    }

    public int hungCalls() {
        return hung.get();
    }

    public void releaseHung() {
        release.countDown();
    }

    /** Starts timing anew the arrivals of the calls whose body contains {@code marker} (see {@link #arrivals}). */
    public void resetArrivals(String marker) {
        arrivalMarker = marker;
        firstArrival.set(Long.MAX_VALUE);
        lastArrival.set(Long.MIN_VALUE);
    }

    /** When the first and the last call since {@link #resetArrivals} arrived, in ms after {@code startNanos}. */
    public String arrivals(long startNanos) {
        if (firstArrival.get() == Long.MAX_VALUE) {
            return "no upstream call of the crowd arrived";
        }
        return String.format(java.util.Locale.ROOT, "upstream calls arrived %.0f to %.0f ms after the start",
                (firstArrival.get() - startNanos) / 1e6, (lastArrival.get() - startNanos) / 1e6);
    }

    public int calls() {
        return calls.get();
    }

    /** Forgets the recorded requests, so a long run does not grow the fake's memory. */
    public void forget() {
        fake.received().clear();
    }

    @Override
    public void close() {
        releaseHung();
        fake.close();
    }
}
