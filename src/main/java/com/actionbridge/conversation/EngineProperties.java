package com.actionbridge.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code actionbridge.engine.*}: how many turns run at once and how much work may wait.
 * <p>
 * A turn runs on its own virtual thread and spends nearly all its time waiting for the upstream, so the bound
 * is on turns in flight, not on threads: with the upstream answering in 1 s, {@code maxInFlight} people are
 * served per second.
 *
 * @param maxInFlight      most turns running at once (each waits for at most one upstream call)
 * @param queueCapacity    most events accepted and not yet started, over all sessions; beyond it a "busy" card
 * @param perSessionQueue  most events one session may have waiting (besides the one running); beyond it a
 *                         "slow down" card, so one person cannot fill the queue
 * @param maxSending       most replies being sent to the channels at once (their own bound: a slow platform API
 *                         never holds a turn slot)
 * @param sendTimeout      how long a reply may wait for a send slot, and how long a session's next event waits
 *                         for the previous reply to be sent before it goes ahead
 * @param shutdownWait     how long a shutdown waits for turns already running; events not started by then are
 *                         answered "not processed, send it again"
 */
@Validated
@ConfigurationProperties("actionbridge.engine")
public record EngineProperties(@DefaultValue("2000") @Min(1) int maxInFlight,
                               @DefaultValue("10000") @Min(1) int queueCapacity,
                               @DefaultValue("5") @Min(1) int perSessionQueue,
                               @DefaultValue("256") @Min(1) int maxSending,
                               @DefaultValue("60s") @NotNull Duration sendTimeout,
                               @DefaultValue("20s") @NotNull Duration shutdownWait) {
}
