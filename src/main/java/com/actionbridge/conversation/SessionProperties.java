package com.actionbridge.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code actionbridge.sessions.*}: how long an idle dialogue is kept, and how many at most.
 *
 * @param ttl     a session (and its buttons) expires after this long without an event
 * @param maxSize most sessions kept; the least recently used go first beyond it
 */
@Validated
@ConfigurationProperties("actionbridge.sessions")
public record SessionProperties(@DefaultValue("30m") @NotNull Duration ttl,
                                @DefaultValue("100000") @Min(1) long maxSize) {
}
