package com.actionbridge.sandbox;

import com.actionbridge.bot.BotRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

@SandboxOnly
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    /** Stops start-up when configured bots would get the sandbox's answers without the admin asking for it. */
    SandboxConfiguration(BotRegistry bots, @Value("${" + SandboxGuard.SWITCH + ":false}") boolean onPurpose) {
        SandboxGuard.check(bots, onPurpose);
    }

    /** Every card of the engine says 演示环境 while the sandbox answers. */
    @Bean
    static SandboxCards sandboxCards(ObjectProvider<MessageSource> messages, Environment environment) {
        return new SandboxCards(() -> messages.getObject().getMessage("sandbox.demo-notice", null,
                Locale.forLanguageTag(environment.getProperty("actionbridge.locale", "zh-CN"))));
    }

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
