package com.actionbridge.channel.wecomaibot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Channel-wide WeCom AI bot settings ({@code actionbridge.wecom-aibot.*}); per-bot keys live in {@code bots:}.
 *
 * @param maxClockSkew    how far a callback's signed timestamp may be from our clock (replay window)
 * @param maxBodySize     the largest callback body accepted; bigger ones get 413
 * @param refreshWait     how long a callback waits for the engine before answering with the current snapshot
 *                        (WeCom polls a stream about once a second)
 * @param clickWait       how long a click waits for the engine: a result within it replaces the clicked card at
 *                        once; a later one follows through the click's response_url (WeCom drops a click that
 *                        is not answered within 5 s)
 * @param streamLimit     how long a stream may stay open: WeCom stops polling 6 minutes after the message, so
 *                        a turn still running then closes its stream with a "still working" text and its result
 *                        follows through the message's response_url
 * @param responseTimeout connect and read timeout of a response_url post
 * @param streamRetention how long a stream and its cards are remembered (WeCom's retries, late clicks)
 */
@ConfigurationProperties("actionbridge.wecom-aibot")
public record AiBotProperties(
        @DefaultValue("5m") Duration maxClockSkew,
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("500ms") Duration refreshWait,
        @DefaultValue("3s") Duration clickWait,
        @DefaultValue("330s") Duration streamLimit,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("2h") Duration streamRetention) {

    public AiBotProperties {
        if (clickWait.compareTo(Duration.ofMillis(4500)) > 0) {
            throw new IllegalArgumentException("actionbridge.wecom-aibot.click-wait must stay under WeCom's 5 s");
        }
        if (streamLimit.compareTo(Duration.ofMinutes(6)) >= 0) {
            throw new IllegalArgumentException("actionbridge.wecom-aibot.stream-limit must stay under WeCom's 6 minutes");
        }
    }
}
