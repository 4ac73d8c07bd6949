package com.actionbridge.action;

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
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * {@link ActionClient} over HTTP: the JDK {@link HttpClient}, called directly (a layer such as Spring's RestClient on
 * top of it costs a thread hand-off per request body and copies of every header, per turn).
 * <p>
 * At most once: an attempt is repeated only when the connection could not be made (nothing was sent) or the
 * platform answered HTTP 429 (it refused before doing anything). A read timeout, a dropped connection or any
 * other answer is final, because a v1 call may already have run the action.
 */
public final class HttpActionClient implements ActionClient {

    static final String V1_PATH = "/v1/api/AI-action/ai_actions";
    static final String V2_PATH = "/v2/api/AI-action/ai_actions";
    private static final int SUCCESS_CODE = 2000;
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(HttpActionClient.class);

    /** Waits between attempts; replaced in tests so they need not sleep. */
    @FunctionalInterface
    interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
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
        // Virtual threads for the client's own work: its default executor starts platform threads, which a burst
        // of turns pays for in thread starts.
        Executor threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ab-upstream-", 1).factory());
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // no h2c upgrade headers on plain http: some gateways mishandle them on a POST with a body
                .version(HttpClient.Version.HTTP_1_1)
                .executor(threads)
                .build();
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
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw new ConnectException("not an http(s) URL: " + describe(uri)); // nothing was sent
        }
        request.timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "bearer " + token);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer", e);
        }
        try (InputStream in = response.body()) {
            return new Reply(response.statusCode(), in.readNBytes(MAX_BODY_BYTES + 1));
        }
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
            if (t instanceof HttpConnectTimeoutException) {
                return new ActionException(ActionException.Kind.UNREACHABLE,
                        "could not connect in time for the " + where, null, null, e);
            }
            if (t instanceof HttpTimeoutException) {
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
