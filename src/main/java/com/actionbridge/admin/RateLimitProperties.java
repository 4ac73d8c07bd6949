package com.actionbridge.admin;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code actionbridge.rate-limit.*}.
 *
 * @param perMinute most events (messages and clicks) one person may send in any 60 seconds; 0 turns the limit off
 */
@ConfigurationProperties("actionbridge.rate-limit")
@Validated
public record RateLimitProperties(@DefaultValue("20") @Min(0) int perMinute) {
}
