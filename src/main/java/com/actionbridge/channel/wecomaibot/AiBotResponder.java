package com.actionbridge.channel.wecomaibot;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Active replies through a callback's {@code response_url} (plain JSON, one call per URL, valid one hour), and the
 * AI bots' connection state for health: a callback bot is connected when configured; the health shows when it
 * last got a verified callback and the last failed reply.
 * <p>
 * A post is never repeated: the URL is single use and the reply may have been shown already. A URL must point at
 * the bot's API host ({@code api-base-url}), so a callback cannot make this server post elsewhere.
 */
final class AiBotResponder implements BotConnectionSource {

    private static final Logger log = LoggerFactory.getLogger(AiBotResponder.class);
    private static final JsonMapper JSON = AiBotCallback.JSON;

    private record State(Instant lastCallback, String lastError) {
    }

    private final BotRegistry registry;
    private final AiBotStreams streams;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    AiBotResponder(BotRegistry registry, AiBotStreams streams, Clock clock, Duration timeout) {
        this.registry = registry;
        this.streams = streams;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Posts {@code body} to {@code url}; false (logged, kept for health) when it was not accepted. */
    boolean post(BotConfig bot, String url, Map<String, Object> body) {
        if (url == null || url.isBlank()) {
            return failed(bot, "the callback carried no response_url");
        }
        if (!sameHost(bot, url)) {
            return failed(bot, "the response_url is not on the bot's API host " + bot.effectiveApiBaseUrl());
        }
        if (!streams.useUrl(url)) {
            return failed(bot, "the response_url was already used");
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return failed(bot, "could not post to the response_url (" + e.getClass().getSimpleName()
                    + "); not repeated, the reply may or may not have been shown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(bot, "interrupted while posting to the response_url");
        }
        if (response.statusCode() != 200) {
            return failed(bot, "the response_url answered HTTP " + response.statusCode());
        }
        Integer errcode = errcode(response.body());
        if (errcode != null && errcode != 0) {
            return failed(bot, "the response_url answered errcode " + errcode
                    + " (used before, expired after one hour, or a template card in a group chat)");
        }
        return true;
    }

    /** A verified callback arrived for the bot. */
    void callbackVerified(String botId) {
        states.compute(botId, (id, old) -> new State(clock.instant(), old == null ? null : old.lastError()));
    }

    @Override
    public Optional<BotConnection> connection(String botId) {
        return registry.find(botId, Platform.WECOM_AIBOT).map(bot -> {
            State state = states.get(botId);
            return new BotConnection(botId, true, state == null ? null : state.lastCallback(), 0,
                    state == null ? null : state.lastError(), "http callback (AI bot)");
        });
    }

    private boolean failed(BotConfig bot, String what) {
        log.warn("WeCom AI bot '{}': active reply not delivered: {}", bot.id(), what);
        states.compute(bot.id(), (id, old) -> new State(old == null ? null : old.lastCallback(), what));
        return false;
    }

    private static boolean sameHost(BotConfig bot, String url) {
        try {
            URI target = URI.create(url);
            URI api = URI.create(bot.effectiveApiBaseUrl());
            return api.getScheme().equalsIgnoreCase(String.valueOf(target.getScheme()))
                    && api.getHost().equalsIgnoreCase(String.valueOf(target.getHost()))
                    && api.getPort() == target.getPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Integer errcode(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json.has("errcode") && json.get("errcode").isNumber() ? json.get("errcode").asInt() : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
