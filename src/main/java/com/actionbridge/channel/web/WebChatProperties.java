package com.actionbridge.channel.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code actionbridge.web-chat.*}.
 *
 * @param apiKey       when set, every request must send it in {@code X-Api-Key}; when empty, only loopback
 *                     clients are served
 * @param replyTimeout how long a request waits for the engine's reply before answering a "still running" card;
 *                     longer than the upstream read timeout plus its retries
 */
@Validated
@ConfigurationProperties("actionbridge.web-chat")
public record WebChatProperties(String apiKey, @DefaultValue("90s") @NotNull Duration replyTimeout) {

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "WebChatProperties[apiKey=" + (hasApiKey() ? "****" : "") + ", replyTimeout=" + replyTimeout + "]";
    }
}
