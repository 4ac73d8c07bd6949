package com.actionbridge.bot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/** The {@code bots:} list of {@code config/application.yml}, validated as a whole at start-up and on reload. */
@ConfigurationProperties
@Validated
@ValidBots
public record BotsProperties(List<BotConfig> bots) {

    public BotsProperties {
        bots = bots == null ? List.of() : List.copyOf(bots);
    }
}
