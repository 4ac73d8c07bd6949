package com.actionbridge.channel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryDeduplicatorTest {

    private final Deduplicator dedup = new InMemoryDeduplicator(Duration.ofMinutes(10), 1000);

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
    void keysExpireAfterTheRetention() {
        Deduplicator shortLived = new InMemoryDeduplicator(Duration.ofMillis(1), 1000);
        shortLived.begin("m1");
        shortLived.finish("m1");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> shortLived.begin("m1"));
    }
}
