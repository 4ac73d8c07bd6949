package com.actionbridge.channel;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ChannelConfiguration {

    @Bean
    CallbackMetrics callbackMetrics(MeterRegistry registry) {
        return new CallbackMetrics(registry);
    }
}
