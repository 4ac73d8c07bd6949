package com.actionbridge.admin;

import com.actionbridge.conversation.TurnListener;
import com.actionbridge.conversation.TurnRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * {@code actionbridge.turns} (counter by bot and status) and {@code actionbridge.upstream.latency} (histogram by
 * bot, only turns that called the upstream).
 */
public class TurnMetrics implements TurnListener {

    private final MeterRegistry registry;

    public TurnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onTurn(TurnRecord record) {
        String bot = record.session().botId();
        Counter.builder("actionbridge.turns").description("Handled events by bot and the status of their last card")
                .tag("bot", bot).tag("status", record.status() == null ? "none" : record.status())
                .register(registry).increment();
        Duration latency = record.upstreamLatency();
        if (latency != null && !latency.isZero() && !latency.isNegative()) {
            Timer.builder("actionbridge.upstream.latency").description("Time spent waiting for the upstream per turn")
                    .tag("bot", bot).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry).record(latency);
        }
    }
}
