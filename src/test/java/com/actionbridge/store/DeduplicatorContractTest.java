package com.actionbridge.store;

import com.actionbridge.channel.Deduplicator;
import com.actionbridge.store.memory.InMemoryDeduplicator;
import com.actionbridge.store.redis.RedisDeduplicator;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.testsupport.Concurrently;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The de-dup contract, in memory and on a real Redis alike. */
class DeduplicatorContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    abstract class Contract {

        abstract Deduplicator create(Duration retention);

        Deduplicator dedup;

        @BeforeEach
        void createStore() {
            dedup = create(Duration.ofMinutes(10));
        }

        /** The same store as another instance sees it. */
        abstract Deduplicator otherInstance();

        @Test
        void aCopyIsDroppedWhileTheFirstIsInFlightAndAfterItFinished() {
            assertThat(dedup.begin("m1")).isTrue();
            assertThat(dedup.begin("m1")).as("in flight").isFalse();
            dedup.finish("m1");
            assertThat(dedup.begin("m1")).as("done").isFalse();
            assertThat(dedup.begin("m2")).isTrue();
        }

        @Test
        void anAbandonedDeliveryCanBeRetried() {
            assertThat(dedup.begin("m1")).isTrue();
            dedup.abandon("m1");
            assertThat(dedup.begin("m1")).isTrue();
        }

        @Test
        void abandoningAFinishedDeliveryKeepsItDone() {
            dedup.begin("m1");
            dedup.finish("m1");
            dedup.abandon("m1");
            assertThat(dedup.begin("m1")).isFalse();
        }

        @Test
        void firstDeliveryRunsTheHandOffOnce() {
            AtomicInteger runs = new AtomicInteger();
            assertThat(dedup.firstDelivery("m1", runs::incrementAndGet)).isTrue();
            assertThat(dedup.firstDelivery("m1", runs::incrementAndGet)).isFalse();
            assertThat(runs).hasValue(1);
        }

        @Test
        void aHandOffThatThrowsIsForgottenSoTheRetryRuns() {
            assertThatThrownBy(() -> dedup.firstDelivery("m1", () -> {
                throw new IllegalStateException("queue full");
            })).hasMessage("queue full");
            AtomicInteger runs = new AtomicInteger();
            assertThat(dedup.firstDelivery("m1", runs::incrementAndGet)).isTrue();
            assertThat(runs).hasValue(1);
        }

        @Test
        void ofManySimultaneousCopiesExactlyOneBegins() throws Exception {
            Deduplicator other = otherInstance();
            assertThat(Concurrently.count(16, i -> (i % 2 == 0 ? dedup : other).begin("same"))).isEqualTo(1);
        }

        @Test
        void keysExpireAfterTheRetention() {
            Deduplicator shortLived = create(Duration.ofMillis(50));
            shortLived.begin("m1");
            shortLived.finish("m1");
            await().atMost(Duration.ofSeconds(5)).until(() -> shortLived.begin("m1"));
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        Deduplicator create(Duration retention) {
            return new InMemoryDeduplicator(retention, 1000);
        }

        @Override
        Deduplicator otherInstance() {
            return dedup; // one JVM: its threads share the one store
        }
    }

    @Nested
    class Redis extends Contract {
        private final RedisKeys keys = new RedisKeys("test" + System.nanoTime() + ":");

        @Override
        Deduplicator create(Duration retention) {
            return new RedisDeduplicator(REDIS.server().template(), keys, retention);
        }

        @Override
        Deduplicator otherInstance() {
            return create(Duration.ofMinutes(10)); // its own connection, as another instance has
        }
    }
}
