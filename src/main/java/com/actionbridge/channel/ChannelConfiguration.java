package com.actionbridge.channel;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DedupProperties.class)
class ChannelConfiguration {

    /** One store for every channel; keys are prefixed by the channel and bot. */
    @Bean
    Deduplicator deduplicator(DedupProperties properties, ObjectProvider<Clock> clock) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        return new InMemoryDeduplicator(properties.retention(), properties.maxKeys(),
                () -> TimeUnit.MILLISECONDS.toNanos(time.millis()));
    }

    @Bean
    CallbackMetrics callbackMetrics(MeterRegistry registry) {
        return new CallbackMetrics(registry);
    }
}
