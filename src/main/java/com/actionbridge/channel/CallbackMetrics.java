package com.actionbridge.channel;

import io.micrometer.core.instrument.MeterRegistry;

/** Counts deliveries by bot and outcome ({@code actionbridge.callbacks}). */
public class CallbackMetrics {

    private final MeterRegistry registry;

    public CallbackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String botId, String platform, CallbackOutcome outcome) {
        registry.counter("actionbridge.callbacks", "bot", botId, "platform", platform,
                "outcome", outcome.name().toLowerCase()).increment();
    }
}
