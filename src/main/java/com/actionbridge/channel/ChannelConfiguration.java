package com.actionbridge.channel;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DedupProperties.class)
class ChannelConfiguration {

    @Bean
    CallbackMetrics callbackMetrics(MeterRegistry registry) {
        return new CallbackMetrics(registry);
    }
}
