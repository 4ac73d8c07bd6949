package com.actionbridge.bot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/** The {@code bots:} list of {@code config/application.yml}. */
@ConfigurationProperties
public record BotsProperties(List<BotConfig> bots) {

    public BotsProperties {
        bots = bots == null ? List.of() : List.copyOf(bots);
    }
}
