package com.actionbridge.sandbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@SandboxOnly
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean
    SandboxToken sandboxToken() {
        return SandboxToken.random();
    }
}
