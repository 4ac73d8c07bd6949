package com.actionbridge.channel;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code actionbridge.dedup.*}: how long delivery ids are remembered to drop platform retries.
 *
 * @param retention how long a delivery id is remembered
 * @param maxKeys   most delivery ids remembered in memory (Redis keeps every one for the retention)
 */
@Validated
@ConfigurationProperties("actionbridge.dedup")
public record DedupProperties(@DefaultValue("10m") @NotNull Duration retention,
                              @DefaultValue("200000") @Min(1) long maxKeys) {
}
