package com.actionbridge.channel.wecom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Channel-wide WeCom settings ({@code actionbridge.wecom.*}); per-bot keys live in the {@code bots:} list.
 *
 * @param maxClockSkew       how far a callback's signed timestamp may be from our clock (replay window)
 * @param maxBodySize        the largest callback body accepted; bigger ones get 413
 * @param sendMaxAttempts    tries per message when a retry is safe (rate limit 45009, system busy -1,
 *                           connection refused before anything was sent)
 * @param sendBackoff        the first wait between tries; doubled each time
 * @param replyThreads       threads sending the channel's own replies (welcome, "text only")
 * @param replyQueueCapacity how many such replies may wait before a callback is answered 503
 * @param credentialCheckInterval how often every bot fetches an access token to prove its corp id and secret
 *                           (also at start-up and after a reload)
 */
@ConfigurationProperties("actionbridge.wecom")
public record WeComProperties(
        @DefaultValue("5m") Duration maxClockSkew,
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("3") int sendMaxAttempts,
        @DefaultValue("500ms") Duration sendBackoff,
        @DefaultValue("2") int replyThreads,
        @DefaultValue("1000") int replyQueueCapacity,
        @DefaultValue("10m") Duration credentialCheckInterval) {

    public WeComProperties {
        if (sendMaxAttempts < 1) {
            throw new IllegalArgumentException("actionbridge.wecom.send-max-attempts must be at least 1");
        }
        if (credentialCheckInterval == null || credentialCheckInterval.toMillis() < 1000) {
            throw new IllegalArgumentException("actionbridge.wecom.credential-check-interval must be at least 1s");
        }
        if (replyThreads < 1 || replyQueueCapacity < 1) {
            throw new IllegalArgumentException("actionbridge.wecom.reply-threads and reply-queue-capacity must be positive");
        }
    }
}
