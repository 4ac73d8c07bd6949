package com.actionbridge.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code actionbridge.engine.*}: the executor that runs turns.
 *
 * @param workers       threads handling turns of different sessions in parallel
 * @param queueCapacity most events accepted and not yet started, over all sessions; beyond it a "busy" card
 * @param shutdownWait  how long a shutdown waits for turns already accepted
 */
@Validated
@ConfigurationProperties("actionbridge.engine")
public record EngineProperties(@DefaultValue("16") @Min(1) int workers,
                               @DefaultValue("1000") @Min(1) int queueCapacity,
                               @DefaultValue("20s") @NotNull Duration shutdownWait) {
}
