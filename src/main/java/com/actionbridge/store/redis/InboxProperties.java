package com.actionbridge.store.redis;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code actionbridge.inbox.*}: the durable inbox of {@code actionbridge.store: redis}.
 *
 * @param takeoverAfter how long an instance may be silent (no heartbeat) before any other instance, or its own
 *                      restart, takes its accepted and unfinished events over; it beats three times per period
 */
@Validated
@ConfigurationProperties("actionbridge.inbox")
public record InboxProperties(@DefaultValue("30s") @NotNull Duration takeoverAfter) {
}
