package com.actionbridge.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code actionbridge.admin.*}.
 *
 * @param token       the bearer token of the admin API and console; empty turns both off (404). Never logged.
 * @param recordText  keep what people wrote in the recent-turns log (off: only time, person, status, latency)
 * @param turnsPerBot how many recent turns to keep per bot
 */
@ConfigurationProperties("actionbridge.admin")
@Validated
public record AdminProperties(String token,
                              @DefaultValue("false") boolean recordText,
                              @DefaultValue("200") @Min(1) @Max(10_000) int turnsPerBot) {

    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "AdminProperties[token=" + (enabled() ? "****" : "") + ", recordText=" + recordText
                + ", turnsPerBot=" + turnsPerBot + "]";
    }
}
