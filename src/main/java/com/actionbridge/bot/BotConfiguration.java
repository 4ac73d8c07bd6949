package com.actionbridge.bot;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BotsProperties.class)
class BotConfiguration {

    @Bean
    BotRegistry botRegistry(BotsProperties properties) {
        return new BotRegistry(properties.bots());
    }
}
