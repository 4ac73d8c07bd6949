package com.actionbridge.action;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ActionClient} over HTTP: Apache HttpClient's classic (blocking) client with a connection pool, called on
 * the turn's own virtual thread. The request is written and the answer read on that thread; the JDK's
 * asynchronous {@code HttpClient} used before spent about as much CPU again per call handing each step between
 * threads. The whole exchange has one deadline, {@code read-timeout} from the start of the attempt, as before.
 * <p>
 * At most once: an attempt is repeated only when the connection could not be made (nothing was sent) or the
 * platform answered HTTP 429 (it refused before doing anything). A read timeout, a dropped connection or any
 * other answer is final, because a v1 call may already have run the action.
 */
public final class HttpActionClient implements ActionClient, AutoCloseable {

    static final String V1_PATH = "/v1/api/AI-action/ai_actions";
    static final String V2_PATH = "/v2/api/AI-action/ai_actions";
    private static final int SUCCESS_CODE = 2000;
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** Connections to the platform at most: above the engine's turns in flight, so a turn never waits for one. */
    private static final int MAX_CONNECTIONS = 10_000;
    /** Pooled connections unused for this long are closed (the JDK client's keep-alive time). */
    private static final TimeValue IDLE = TimeValue.ofSeconds(30);
    private static final ContentType JSON = ContentType.create("application/json", (Charset) null);
    private static final Logger log = LoggerFactory.getLogger(HttpActionClient.class);

    /** Waits between attempts; replaced in tests so they need not sleep. */
    @FunctionalInterface
    interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    private final CloseableHttpClient http;
    /** Ends the attempts that pass their deadline: one daemon thread for all. */
    private final ScheduledExecutorService deadlines;
    private final Duration readTimeout;
    private final UpstreamLocation location;
    private final ObjectMapper mapper;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Backoff backoff;

    public HttpActionClient(UpstreamLocation location, UpstreamProperties properties, ObjectMapper mapper) {
        this(location, properties, mapper, duration -> Thread.sleep(duration.toMillis()));
    }

    HttpActionClient(UpstreamLocation location, UpstreamProperties properties, ObjectMapper mapper, Backoff backoff) {
        this.http = pooledClient(properties.connectTimeout(), properties.readTimeout());
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ab-upstream-deadline").daemon(true).factory());
        this.readTimeout = properties.readTimeout();
        this.location = location;
        this.mapper = mapper;
        this.maxAttempts = properties.retry().maxAttempts();
        this.firstBackoff = properties.retry().backoff();
        this.backoff = backoff;
    }

    @Override
    public ActionResult startDialogue(UpstreamProfile profile, String userId, String content) throws ActionException {
        ObjectNode body = mapper.createObjectNode();
        body.put("user_id", orEmpty(userId));
        body.put("content", orEmpty(content));
        return call("v2", V2_PATH, profile, body, null);
    }

    @Override
    public ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException {
        return call("v1", V1_PATH, profile, v1Body(profile, request), request.chatId());
    }

    /** The v1 body with every field of the platform's example, always present, with its wire type. */
    ObjectNode v1Body(UpstreamProfile profile, ActionRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("chat_id", orEmpty(request.chatId()));
        body.put("status", orEmpty(request.status()));
        body.put("step", orEmpty(request.step()));
        body.put("user_id", orEmpty(request.userId()));
        body.put("return_amount", String.valueOf(profile.returnAmount()));
        body.put("stream", false);
        body.put("app_name_filter", orEmpty(profile.appNameFilter()));
        body.put("content", orEmpty(request.content()));
        ActionData data = request.data() == null ? ActionData.EMPTY : request.data();
        ObjectNode d = body.putObject("data");
        d.put("appkey", data.appkey());
        d.put("actionkey", data.actionkey());
        d.put("appName", data.appName());
        d.put("actionName", data.actionName());
        d.put("description", data.description());
        d.put("account_id", data.accountId());
        d.put("account_name", data.accountName());
        return body;
    }

    private ActionResult call(String endpoint, String path, UpstreamProfile profile, ObjectNode body, String chatId)
            throws ActionException {
        long started = System.nanoTime();
        int attempt = 0;
        try {
            URI uri = target(path);
            byte[] bytes = mapper.writeValueAsBytes(body);
            while (true) {
                attempt++;
                Reply reply;
                try {
                    reply = exchange(uri, profile.token(), bytes);
                } catch (IOException e) {
                    ActionException failure = transportFailure(endpoint, uri, e);
                    if (failure.kind() == ActionException.Kind.UNREACHABLE && attempt < maxAttempts) {
                        pauseBeforeRetry(endpoint, attempt, failure.kind());
                        continue;
                    }
                    throw failure;
                }
                if (reply.status() == 429 && attempt < maxAttempts) {
                    pauseBeforeRetry(endpoint, attempt, ActionException.Kind.RATE_LIMITED);
                    continue;
                }
                ActionResult result = interpret(endpoint, reply);
                log.debug("upstream {} ok: chat_id={}, status={}, step={}, attempts={}, {} ms", endpoint,
                        result.chatId(), result.status(), result.step(), attempt, elapsedMillis(started));
                return result;
            }
        } catch (ActionException e) {
            log.warn("upstream {} failed: kind={}, http={}, chat_id={}, attempts={}, {} ms: {}", endpoint, e.kind(),
                    e.code() == null ? "-" : e.code(), chatId == null ? "-" : chatId, attempt,
                    elapsedMillis(started), e.getMessage());
            throw e;
        }
    }

    private URI target(String path) throws ActionException {
        try {
            return URI.create(location.baseUrl() + path);
        } catch (IllegalStateException e) {
            throw new ActionException(ActionException.Kind.UNREACHABLE, e.getMessage());
        }
    }

    private Reply exchange(URI uri, String token, byte[] body) throws IOException {
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new ConnectException("not an http(s) URL: " + describe(uri)); // nothing was sent
        }
        HttpPost request = new HttpPost(uri);
        request.setHeader("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.setHeader("Authorization", "bearer " + token);
        }
        request.setEntity(new ByteArrayEntity(body, JSON));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            late.set(true);
            request.cancel();
        }, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            HttpEntity entity = response.getEntity();
            byte[] bytes;
            try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
                // Sized by the declared length when there is one: one array of the body's size, not 8 KB steps.
                long declared = entity == null ? -1 : entity.getContentLength();
                bytes = in.readNBytes(declared >= 0 && declared <= MAX_BODY_BYTES ? (int) declared
                        : MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    request.cancel(); // the rest is not read: the connection is dropped, not drained
                }
            }
            return new Reply(response.getCode(), bytes);
        } catch (IOException e) {
            if (late.get()) {
                HttpTimeoutException timeout = new HttpTimeoutException("no answer within " + readTimeout);
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * The pooled blocking client the upstream is called with: connections up to {@link #MAX_CONNECTIONS}, each
     * checked before reuse and closed after {@link #IDLE} unused; no automatic retries, redirects, cookies or
     * compression. Public so the benchmark's reference relay is built exactly as the upstream calls are.
     */
    public static CloseableHttpClient pooledClient(Duration connectTimeout, Duration readTimeout) {
        Timeout read = Timeout.of(readTimeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(read)
                                // A pooled connection the platform closed meanwhile is found out before it is
                                // used (a request written to it would end "may have run", never resent).
                                .setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(read)
                        .setResponseTimeout(read)
                        .build())
                // at most once: the client itself never repeats a request; the caller decides (see call)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .evictIdleConnections(IDLE)
                .build();
    }

    /** Closes the pooled connections and stops the deadline thread. */
    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.GRACEFUL);
    }

    private void pauseBeforeRetry(String endpoint, int attempt, ActionException.Kind kind) throws ActionException {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        log.info("upstream {} attempt {} of {} failed ({}), retrying in {} ms", endpoint, attempt, maxAttempts, kind,
                wait.toMillis());
        try {
            backoff.pause(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionException(kind, "interrupted while waiting to retry the " + endpoint + " call");
        }
    }

    static ActionException transportFailure(String endpoint, URI uri, IOException e) {
        String where = endpoint + " call to " + describe(uri);
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Checked before the read timeouts they extend: no connection was made, so nothing was sent.
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectTimeoutException
                    || t instanceof ConnectionRequestTimeoutException) {
                return new ActionException(ActionException.Kind.UNREACHABLE,
                        "could not connect in time for the " + where, null, null, e);
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return new ActionException(ActionException.Kind.TIMEOUT,
                        "no answer in time to the " + where + "; the action may or may not have run", null, null, e);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException || t instanceof NoRouteToHostException) {
                return new ActionException(ActionException.Kind.UNREACHABLE,
                        "could not connect for the " + where + " (" + t.getClass().getSimpleName() + ")", null, null, e);
            }
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return new ActionException(ActionException.Kind.TIMEOUT, "the connection broke during the " + where
                + " before an answer arrived (" + cause.getClass().getSimpleName()
                + "); the action may or may not have run", null, null, e);
    }

    private ActionResult interpret(String endpoint, Reply reply) throws ActionException {
        int status = reply.status();
        switch (status) {
            case 401 -> throw httpFailure(ActionException.Kind.UNAUTHORIZED, status,
                    "the platform refused the token of the " + endpoint + " call (HTTP 401)");
            case 402 -> throw httpFailure(ActionException.Kind.QUOTA_EXHAUSTED, status,
                    "the platform's quota is used up (HTTP 402)");
            case 429 -> throw httpFailure(ActionException.Kind.RATE_LIMITED, status,
                    "the platform rate-limited the " + endpoint + " call (HTTP 429), still after " + maxAttempts
                            + " attempts");
            default -> {
                if (status < 200 || status > 299) {
                    throw httpFailure(ActionException.Kind.SERVER_ERROR, status,
                            "the platform answered the " + endpoint + " call with HTTP " + status);
                }
            }
        }
        if (reply.body().length > MAX_BODY_BYTES) {
            throw malformed(endpoint, status, "is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(reply.body());
        } catch (JacksonException e) {
            throw malformed(endpoint, status, "is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed(endpoint, status, "is not a JSON object");
        }
        Integer code = code(root.get("Code"));
        if (code == null) {
            throw malformed(endpoint, status, "has no numeric Code");
        }
        if (code != SUCCESS_CODE) {
            String msg = text(root, "Msg");
            throw new ActionException(ActionException.Kind.REJECTED,
                    "the platform rejected the " + endpoint + " call: Code " + code + ", Msg " + msg, code, msg, null);
        }
        if (!(root.get("Data") instanceof ObjectNode data)) {
            throw malformed(endpoint, status, "has Code 2000 but no Data object");
        }
        String actionStatus = text(data, "status");
        if (actionStatus == null || actionStatus.isBlank()) {
            throw malformed(endpoint, status, "has a Data object without a status");
        }
        JsonNode payload = data.get("data");
        return new ActionResult(text(data, "chat_id"), actionStatus, text(data, "step"), text(data, "user_id"),
                orEmpty(text(data, "description")), payload == null ? NullNode.getInstance() : payload, data);
    }

    private static ActionException httpFailure(ActionException.Kind kind, int status, String message) {
        return new ActionException(kind, message, status, null, null);
    }

    private static ActionException malformed(String endpoint, int status, String what) {
        return new ActionException(ActionException.Kind.MALFORMED_RESPONSE,
                "the body of the HTTP " + status + " answer to the " + endpoint + " call " + what
                        + "; the action may or may not have run", status, null, null);
    }

    private static Integer code(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isString()) {
            try {
                return Integer.valueOf(node.stringValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A scalar field as text; null when absent, JSON null, or not a scalar. */
    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isContainer()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.asString();
    }

    /** Scheme, host, port and path only: a base URL's user info or query never reaches a log. */
    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath();
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private record Reply(int status, byte[] body) {
    }
}
