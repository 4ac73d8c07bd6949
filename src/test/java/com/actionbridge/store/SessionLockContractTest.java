package com.actionbridge.store;

import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.SessionLock;
import com.actionbridge.store.redis.RedisSessionLock;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The session lock contract. In memory the lock is a pass-through (the engine's per-session lanes order one
 * instance's turns); on Redis two instances' turns of one session never overlap.
 */
class SessionLockContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    static final SessionKey ALICE = new SessionKey("hr", "g", "alice");

    abstract class Contract {

        abstract SessionLock create();

        @Test
        void runsTheWorkAndGivesItsResult() {
            assertThat(create().<String>call(ALICE, () -> "done")).isEqualTo("done");
        }

        @Test
        void aFailingTurnLeavesTheSessionFreeForTheNext() {
            SessionLock lock = create();
            assertThatThrownBy(() -> lock.call(ALICE, () -> {
                throw new IllegalStateException("upstream down");
            })).hasMessage("upstream down");
            assertThat(CompletableFuture.supplyAsync(() -> lock.call(ALICE, () -> 1)).join()).isEqualTo(1);
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        SessionLock create() {
            return SessionLock.NONE;
        }
    }

    @Nested
    class Redis extends Contract {
        /** Another instance: its own connection and lock registry on the same Redis. */
        @Override
        SessionLock create() {
            REDIS.server().template();
            RedisLockRegistry registry = new RedisLockRegistry(REDIS.server().lastFactory(), "test-lock",
                    Duration.ofSeconds(2));
            ThreadPoolTaskScheduler renewal = new ThreadPoolTaskScheduler();
            renewal.setDaemon(true);
            renewal.initialize();
            registry.setRenewalTaskScheduler(renewal);
            registry.setIdleBetweenTries(Duration.ofMillis(20));
            return new RedisSessionLock(registry, Duration.ofSeconds(30));
        }

        @Test
        void twoInstancesTakeTurnsOnOneSessionButNotOnTwo() throws Exception {
            SessionLock a = create();
            SessionLock b = create();
            CountDownLatch inA = new CountDownLatch(1);
            CountDownLatch releaseA = new CountDownLatch(1);
            AtomicBoolean bRan = new AtomicBoolean();
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> a.call(ALICE, () -> {
                inA.countDown();
                waitFor(releaseA);
                return null;
            }));
            assertThat(inA.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> b.call(ALICE, () -> {
                bRan.set(true);
                return null;
            }));
            // Held longer than the 2 s lease: the renewal keeps it.
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).untilFalse(bRan);
            assertThat(b.<String>call(new SessionKey("hr", "g", "bob"), () -> "other sessions run"))
                    .isEqualTo("other sessions run");
            releaseA.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(bRan).isTrue();
        }

        private static void waitFor(CountDownLatch latch) {
            try {
                latch.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
