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
 * @param loginFailuresPerMinute wrong admin tokens one client address may present in a minute; beyond it every
 *                    attempt is answered 429 without being checked
 */
@ConfigurationProperties("actionbridge.admin")
@Validated
public record AdminProperties(String token,
                              @DefaultValue("false") boolean recordText,
                              @DefaultValue("200") @Min(1) @Max(10_000) int turnsPerBot,
                              @DefaultValue("10") @Min(1) int loginFailuresPerMinute) {

    /** The shortest admin token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public AdminProperties {
        if (token != null && !token.isBlank() && token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("actionbridge.admin.token (ADMIN_TOKEN) has " + token.strip().length()
                    + " characters; it must have at least " + MIN_TOKEN_LENGTH + ". Use a long random value, e.g. "
                    + "`openssl rand -hex 24`, or leave it empty to turn the admin API and console off.");
        }
    }

    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "AdminProperties[token=" + (enabled() ? "****" : "") + ", recordText=" + recordText
                + ", turnsPerBot=" + turnsPerBot + ", loginFailuresPerMinute=" + loginFailuresPerMinute + "]";
    }
}
