package com.actionbridge.store;

import com.actionbridge.admin.RateWindows;
import com.actionbridge.store.memory.MemoryRateWindows;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.store.redis.RedisRateWindows;
import com.actionbridge.testsupport.MutableClock;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sliding-window contract of the rate limit, in memory and on a real Redis alike. */
class RateWindowsContractTest {

    static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    static final Duration MINUTE = Duration.ofMinutes(1);

    abstract class Contract {

        final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RateWindows windows;

        abstract RateWindows create();

        /** The same windows as another instance sees them. */
        abstract RateWindows otherInstance();

        @BeforeEach
        void createStore() {
            windows = create();
        }

        @Test
        void admitsTheLimitInAWindowThenRefuses() {
            for (int i = 0; i < 3; i++) {
                assertThat(windows.tryAcquire("alice", 3)).as("event %d", i + 1).isTrue();
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(windows.tryAcquire("alice", 3)).isFalse();
            assertThat(windows.tryAcquire("bob", 3)).as("another person").isTrue();
        }

        @Test
        void theWindowSlidesAndRefusedEventsDoNotCount() {
            windows.tryAcquire("alice", 2);
            clock.advance(Duration.ofSeconds(30));
            windows.tryAcquire("alice", 2);
            for (int i = 0; i < 5; i++) {
                assertThat(windows.tryAcquire("alice", 2)).isFalse();
            }
            clock.advance(Duration.ofSeconds(30));
            assertThat(windows.tryAcquire("alice", 2)).as("the first left the window").isTrue();
            assertThat(windows.tryAcquire("alice", 2)).isFalse();
        }

        @Test
        void simultaneousEventsNeverExceedTheLimit() throws Exception {
            RateWindows other = otherInstance();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> events = IntStream.range(0, 30).<Callable<Boolean>>mapToObj(i ->
                        () -> (i % 2 == 0 ? windows : other).tryAcquire("carol", 20)).toList();
                int admitted = 0;
                for (Future<Boolean> f : pool.invokeAll(events)) {
                    admitted += f.get() ? 1 : 0;
                }
                assertThat(admitted).isBetween(1, 20);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        RateWindows create() {
            return new MemoryRateWindows(MINUTE, clock);
        }

        @Override
        RateWindows otherInstance() {
            return windows;
        }
    }

    @Nested
    class Redis extends Contract {
        private final RedisKeys keys = new RedisKeys("test" + System.nanoTime() + ":");

        @Override
        RateWindows create() {
            return new RedisRateWindows(redis.template(), keys, MINUTE, clock);
        }

        @Override
        RateWindows otherInstance() {
            return create();
        }

        @Test
        void twentyEventsSplitOverTwoInstancesUseOneWindow() {
            RateWindows other = otherInstance();
            for (int i = 0; i < 20; i++) {
                assertThat((i % 2 == 0 ? windows : other).tryAcquire("dave", 20)).isTrue();
            }
            assertThat(other.tryAcquire("dave", 20)).isFalse();
            assertThat(windows.tryAcquire("dave", 20)).isFalse();
        }
    }
}
