package com.actionbridge.store;

import com.actionbridge.admin.RateWindows;
import com.actionbridge.store.memory.MemoryRateWindows;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.store.redis.RedisRateWindows;
import com.actionbridge.testsupport.MutableClock;
import com.actionbridge.testsupport.Concurrently;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The sliding-window contract of the rate limit, in memory and on a real Redis alike. */
class RateWindowsContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

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
            assertThat(Concurrently.count(30, i -> (i % 2 == 0 ? windows : other).tryAcquire("carol", 20)))
                    .isBetween(1, 20);
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
            return new RedisRateWindows(REDIS.server().template(), keys, MINUTE, clock);
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
