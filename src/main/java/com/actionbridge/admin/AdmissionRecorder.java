package com.actionbridge.admin;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.channel.CallbackOutcome;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts refused events: {@code actionbridge.admission.refused} by bot and reason, and the callback outcome
 * {@code rate_limited} by bot and platform (the built-in web chat counts as platform {@code web}).
 */
public class AdmissionRecorder {

    private final MeterRegistry registry;
    private final CallbackMetrics callbacks;
    private final BotRegistry bots;

    public AdmissionRecorder(MeterRegistry registry, CallbackMetrics callbacks, BotRegistry bots) {
        this.registry = registry;
        this.callbacks = callbacks;
        this.bots = bots;
    }

    public void refused(String botId, String reason) {
        registry.counter("actionbridge.admission.refused", "bot", botId, "reason", reason).increment();
        String platform = bots.find(botId).map(BotConfig::platform)
                .map(Platform::configName).orElse("web");
        callbacks.record(botId, platform, CallbackOutcome.RATE_LIMITED);
    }
}
