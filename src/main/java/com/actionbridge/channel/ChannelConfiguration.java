package com.actionbridge.channel;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class ChannelConfiguration {

    /** One store for every channel; keys are prefixed by the channel and bot. */
    @Bean
    Deduplicator deduplicator(@Value("${actionbridge.dedup.retention:10m}") Duration retention,
                              @Value("${actionbridge.dedup.max-keys:200000}") long maxKeys) {
        return new InMemoryDeduplicator(retention, maxKeys);
    }

    @Bean
    CallbackMetrics callbackMetrics(MeterRegistry registry) {
        return new CallbackMetrics(registry);
    }
}
