package com.actionbridge.channel.wecom;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the WeCom API on 127.0.0.1: issues access tokens, accepts message sends and card updates,
 * records every request, and can be told to answer the next calls of a path with an errcode. A send with a
 * token other than the last one issued is answered 42001, as WeCom does for an expired token.
 */
public final class FakeWeComApi implements AutoCloseable {

    public record Request(String path, Map<String, String> query, String body) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    static final String GET_TOKEN = "/cgi-bin/gettoken";
    public static final String SEND = "/cgi-bin/message/send";
    static final String UPDATE_CARD = "/cgi-bin/message/update_template_card";

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile String currentToken = "";
    private volatile CountDownLatch sendGate;
    private volatile String requiredCorpId;
    private volatile String requiredSecret;

    /** Starts the fake; for static fields of test classes. */
    public static FakeWeComApi start() {
        try {
            return new FakeWeComApi();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake", e);
        }
    }

    FakeWeComApi() throws IOException {
        // A real listen queue (the JDK's default is 50): a burst of connections is not dropped.
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.createContext("/cgi-bin/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code errcodes.length} calls of {@code path} fail with these errcodes, in order. */
    void failNext(String path, Integer... errcodes) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(errcodes));
    }

    /** Message sends wait until {@code gate} opens before they are answered, to see how many arrive at once. */
    void holdSends(CountDownLatch gate) {
        sendGate = gate;
    }

    /** From now on gettoken answers 40013 for another corp id and 40001 for another secret, as WeCom does. */
    public void requireCredentials(String corpId, String secret) {
        requiredCorpId = corpId;
        requiredSecret = secret;
    }

    /** Makes the token issued last invalid, as if it had expired. */
    void expireToken() {
        currentToken = "expired";
    }

    String currentToken() {
        return currentToken;
    }

    /** Paths of the calls other than gettoken, in arrival order. */
    List<String> callOrder() {
        return requests.stream().map(Request::path).filter(p -> !p.equals(GET_TOKEN)).toList();
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    void reset() {
        requests.clear();
        scripted.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(path, query, body));
        CountDownLatch gate = sendGate;
        if (gate != null && path.equals(SEND)) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String answer;
        Integer failure = next(path);
        if (failure != null) {
            answer = "{\"errcode\":" + failure + ",\"errmsg\":\"scripted failure\"}";
        } else if (path.equals(GET_TOKEN) && requiredCorpId != null && !requiredCorpId.equals(query.get("corpid"))) {
            answer = "{\"errcode\":40013,\"errmsg\":\"invalid corpid\"}";
        } else if (path.equals(GET_TOKEN) && requiredSecret != null && !requiredSecret.equals(query.get("corpsecret"))) {
            answer = "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
        } else if (path.equals(GET_TOKEN)) {
            currentToken = "token-" + tokens.incrementAndGet();
            answer = "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"" + currentToken + "\",\"expires_in\":7200}";
        } else if (!currentToken.equals(query.get("access_token"))) {
            answer = "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}";
        } else if (path.equals(SEND)) {
            answer = "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"m" + requests.size() + "\"}";
        } else if (path.equals(UPDATE_CARD)) {
            answer = "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":[]}";
        } else {
            answer = "{\"errcode\":404,\"errmsg\":\"unknown path\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Integer next(String path) {
        Deque<Integer> queue = scripted.get(path);
        return queue == null ? null : queue.poll();
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> map = new HashMap<>();
        if (rawQuery == null) {
            return map;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            map.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return map;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
