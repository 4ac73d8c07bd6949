package com.actionbridge.sandbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;

@SandboxOnly
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    /** Dialogues idle longer than this are forgotten, like the platform's. */
    private static final Duration CHAT_TTL = Duration.ofMinutes(30);
    /** Bound of each sandbox store (dialogues, authorisations, run logs). */
    private static final long MAX_ENTRIES = 10_000;

    @Bean
    SandboxToken sandboxToken() {
        return SandboxToken.random();
    }

    @Bean
    SandboxCatalog sandboxCatalog(ObjectMapper mapper) throws IOException {
        return SandboxCatalog.load(mapper, new ClassPathResource(SandboxCatalog.RESOURCE).getInputStream());
    }

    @Bean
    SandboxPlatform sandboxPlatform(SandboxCatalog catalog, ObjectMapper mapper) {
        return new SandboxPlatform(catalog, mapper, CHAT_TTL, MAX_ENTRIES);
    }
}
