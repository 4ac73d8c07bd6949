package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * DingTalk's HTTP APIs as the channel uses them: session webhooks, the robot OpenAPI, interactive cards, and
 * the access token they need (cached per bot, renewed before it expires and after an authentication error).
 * A send is retried with a growing pause only when it certainly did not arrive (connection refused) or when
 * DingTalk asked to slow down (429, a throttling code); otherwise the failure is logged with DingTalk's code.
 */
public class DingTalkApi {

    private static final Logger log = LoggerFactory.getLogger(DingTalkApi.class);

    /** What became of one call. {@code delivered} false means DingTalk certainly did not take it. */
    public record Result(boolean ok, boolean delivered, int status, String code, String message, JsonNode body) {
    }

    private final RestClient http;
    private final DingTalkProperties props;
    private final Clock clock;
    private final DingTalkTokens tokens;

    public DingTalkApi(DingTalkProperties props, Clock clock) {
        this(props, clock, new com.actionbridge.store.memory.MemoryDingTalkTokens());
    }

    /** @param tokens where access tokens are kept (shared by all instances with the Redis store) */
    public DingTalkApi(DingTalkProperties props, Clock clock, DingTalkTokens tokens) {
        this.props = props;
        this.clock = clock;
        this.tokens = tokens;
        // The JDK client opens connections as the load needs them (HTTP/2 multiplexes to the OpenAPI host), so no
        // send waits for a pool; the waits it has are bounded: connecting, and the answer (read timeout). Its
        // internal work runs on virtual threads instead of a pool that grows a platform thread per waiting send.
        HttpClient client = HttpClient.newBuilder().connectTimeout(props.connectTimeout())
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dingtalk-http-", 1).factory()))
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(props.readTimeout());
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    /** Posts to a message's session webhook (no token). */
    public Result webhook(BotConfig bot, String url, Map<String, Object> body) {
        return send(bot, HttpMethod.POST, url, body, false, "webhook");
    }

    /** Robot OpenAPI: one-to-one ({@code batchSend}) or group ({@code groupMessages/send}). */
    public Result robotSend(BotConfig bot, ReplyTarget target, OutgoingMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("robotCode", bot.effectiveRobotCode());
        body.put("msgKey", message.msgKey());
        body.put("msgParam", DingTalkPayloads.JSON.writeValueAsString(message.msgParam()));
        String path;
        if (target.group()) {
            path = "/v1.0/robot/groupMessages/send";
            body.put("openConversationId", target.conversationId());
        } else {
            path = "/v1.0/robot/oToMessages/batchSend";
            body.put("userIds", List.of(target.staffId()));
        }
        return send(bot, HttpMethod.POST, bot.effectiveApiBaseUrl() + path, body, true, path);
    }

    public Result createAndDeliverCard(BotConfig bot, Map<String, Object> body) {
        String path = "/v1.0/card/instances/createAndDeliver";
        return send(bot, HttpMethod.POST, bot.effectiveApiBaseUrl() + path, body, true, path);
    }

    public Result updateCard(BotConfig bot, Map<String, Object> body) {
        String path = "/v1.0/card/instances";
        return send(bot, HttpMethod.PUT, bot.effectiveApiBaseUrl() + path, body, true, path);
    }

    private Result send(BotConfig bot, HttpMethod method, String url, Map<String, Object> body, boolean auth,
                        String what) {
        Duration pause = props.sendBackoff();
        boolean refreshed = false;
        Result result = null;
        int attempts = Math.max(1, props.sendAttempts());
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String token;
            try {
                token = auth ? token(bot) : null;
            } catch (DingTalkApiException e) {
                result = new Result(false, false, 0, e.code, e.getMessage(), null);
                if (!e.retryable) {
                    break;
                }
                pause = backoff(pause, attempt, attempts);
                continue;
            }
            result = call(method, url, body, token);
            if (result.ok()) {
                return result;
            }
            if (auth && !refreshed && isAuthError(result)) {
                tokens.remove(bot.id());
                refreshed = true;
                attempt--;
                continue;
            }
            if (!retryable(result) || attempt == attempts) {
                break;
            }
            pause = backoff(pause, attempt, attempts);
        }
        log.warn("DingTalk {} failed for bot {}: status={} code={} message={}", what, bot.id(), result.status(),
                result.code(), result.message());
        return result;
    }

    private Duration backoff(Duration pause, int attempt, int attempts) {
        if (attempt < attempts) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return pause.multipliedBy(2);
    }

    private Result call(HttpMethod method, String url, Object body, String token) {
        try {
            return http.method(method).uri(URI.create(url))
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(h -> {
                        if (token != null) {
                            h.set("x-acs-dingtalk-access-token", token);
                        }
                    })
                    .body(DingTalkPayloads.JSON.writeValueAsString(body))
                    .exchange((req, res) -> {
                        int status = res.getStatusCode().value();
                        String text = new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        return toResult(status, text);
                    });
        } catch (ResourceAccessException e) {
            boolean refused = e.getCause() instanceof ConnectException
                    || (e.getCause() != null && e.getCause().getCause() instanceof ConnectException);
            // Not e.getMessage(): it holds the URL, and a session webhook's query is a credential.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new Result(false, !refused, 0, refused ? "connection_refused" : "io_error", reason, null);
        }
    }

    private static Result toResult(int status, String text) {
        JsonNode json = null;
        try {
            json = text.isBlank() ? null : DingTalkPayloads.JSON.readTree(text);
        } catch (RuntimeException e) {
            // A non-JSON answer (a proxy's error page): judged by the status alone.
        }
        String code = null;
        String message = null;
        if (json != null && json.isObject()) {
            if (json.has("errcode")) {
                code = json.path("errcode").asString("");
                message = json.path("errmsg").asString("");
            } else if (json.has("code")) {
                code = json.path("code").asString("");
                message = json.path("message").asString("");
            }
        }
        boolean ok = status >= 200 && status < 300 && (code == null || code.isEmpty() || "0".equals(code));
        // A refusal (4xx, or a webhook's 200 with a non-zero errcode) showed nothing; after a 5xx nobody knows.
        boolean delivered = ok || status >= 500;
        return new Result(ok, delivered, status, code, message, json);
    }

    private static boolean isAuthError(Result r) {
        String code = r.code() == null ? "" : r.code();
        return r.status() == 401 || code.contains("InvalidAuthentication") || code.contains("AccessToken")
                || "40014".equals(code) || "42001".equals(code);
    }

    private static boolean retryable(Result r) {
        String code = r.code() == null ? "" : r.code();
        return "connection_refused".equals(code) || r.status() == 429 || code.contains("QpsLimit")
                || code.contains("Throttling") || "130101".equals(code);
    }

    private String token(BotConfig bot) {
        Instant now = clock.instant();
        String cached = usable(bot, now);
        if (cached != null) {
            return cached;
        }
        synchronized (tokenLock(bot.id())) {
            cached = usable(bot, now);
            if (cached != null) {
                return cached;
            }
            Result r = call(HttpMethod.POST, bot.effectiveApiBaseUrl() + "/v1.0/oauth2/accessToken",
                    Map.of("appKey", bot.clientId(), "appSecret", bot.clientSecret()), null);
            String value = r.body() == null ? null : r.body().path("accessToken").asString(null);
            if (!r.ok() || value == null || value.isBlank()) {
                throw new DingTalkApiException(r.code() == null ? "token_" + r.status() : r.code(),
                        "access token refused: status=" + r.status() + " " + r.message(),
                        retryable(r));
            }
            long expireIn = r.body().path("expireIn").asLong(7200);
            DingTalkTokens.Token token = new DingTalkTokens.Token(bot.clientId(), value,
                    clock.instant().plusSeconds(expireIn));
            tokens.put(bot.id(), token);
            return value;
        }
    }

    /** The kept token of the bot while it is for the bot's client id and not about to expire, else null. */
    private String usable(BotConfig bot, Instant now) {
        return tokens.get(bot.id()).filter(t -> t.clientId().equals(bot.clientId())
                && now.isBefore(t.expiresAt().minus(props.tokenRefreshMargin()))).map(DingTalkTokens.Token::value)
                .orElse(null);
    }

    private final Map<String, Object> tokenLocks = new ConcurrentHashMap<>();

    private Object tokenLock(String botId) {
        return tokenLocks.computeIfAbsent(botId, k -> new Object());
    }

    private static final class DingTalkApiException extends RuntimeException {
        final String code;
        final boolean retryable;

        DingTalkApiException(String code, String message, boolean retryable) {
            super(message);
            this.code = code;
            this.retryable = retryable;
        }
    }
}
