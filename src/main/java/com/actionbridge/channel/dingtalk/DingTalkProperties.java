package com.actionbridge.channel.dingtalk;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Channel-wide DingTalk settings ({@code actionbridge.dingtalk.*}); per-bot keys live in the {@code bots:} list.
 *
 * @param maxBodySize      largest HTTP callback body accepted (bytes); larger ones get 413
 * @param signatureWindow  how far an HTTP callback's {@code timestamp} may be from now
 * @param sendAttempts     attempts per outgoing message when a retry is safe (connection refused, throttled)
 * @param sendBackoff      wait before the first retry; doubled for each further one
 * @param tokenRefreshMargin an access token is renewed this long before it expires
 * @param webhookMargin    a session webhook is not used in its last moments before it expires
 * @param connectTimeout   connect timeout for OpenAPI calls
 * @param readTimeout      read timeout for OpenAPI calls
 * @param cardRetention    how long a sent interactive card is remembered so a click on it can update it
 */
@ConfigurationProperties("actionbridge.dingtalk")
public record DingTalkProperties(
        @DefaultValue("65536") int maxBodySize,
        @DefaultValue("1h") Duration signatureWindow,
        @DefaultValue("3") int sendAttempts,
        @DefaultValue("500ms") Duration sendBackoff,
        @DefaultValue("5m") Duration tokenRefreshMargin,
        @DefaultValue("1m") Duration webhookMargin,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout,
        @DefaultValue("24h") Duration cardRetention) {

    public static DingTalkProperties defaults() {
        return new DingTalkProperties(65536, Duration.ofHours(1), 3, Duration.ofMillis(500), Duration.ofMinutes(5),
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofHours(24));
    }
}
