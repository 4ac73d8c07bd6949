package com.actionbridge.channel.dingtalk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DingTalk on 127.0.0.1 for tests: one HTTP server for the Stream gateway's "open" call, the OpenAPI and session
 * webhooks (every request recorded), and a wss Stream gateway that pushes frames and records the client's acks.
 */
final class FakeDingTalk implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Canned(int status, String body) {
    }

    private final HttpServer http;
    private final Gateway gateway;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Map<String, JsonNode> acks = new ConcurrentHashMap<>();
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger tokensIssued = new AtomicInteger();
    private final Map<String, Queue<Canned>> canned = new ConcurrentHashMap<>();
    /** Which client (by clientId) each handed-out ticket belongs to, so frames can go to one bot's connection. */
    private final Map<String, String> ticketOwners = new ConcurrentHashMap<>();

    /** Starts the fake; for static fields of test classes. */
    static FakeDingTalk start() {
        try {
            return new FakeDingTalk();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the fake", e);
        }
    }

    FakeDingTalk() throws Exception {
        gateway = new Gateway(new InetSocketAddress("127.0.0.1", 0));
        gateway.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(sslContext()));
        gateway.setReuseAddr(true);
        gateway.start();
        gateway.started.await();
        // A real listen queue (the JDK's default is 50): a burst of connections is not dropped.
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/", this::handle);
        http.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    String webhookUrl(String name) {
        return baseUrl() + "/robot/sendBySession/" + name;
    }

    /** The next request to {@code path} gets this answer instead of the normal one. */
    void failNext(String path, int status, String body) {
        canned.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(new Canned(status, body));
    }

    List<Request> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    int openConnections() {
        return gateway.getConnections().size();
    }

    /**
     * Stream connections currently open for the client with this clientId. A client that drops its socket without a
     * closing handshake is only noticed on the next write, so each connection is pinged first (a live client
     * answers with a pong and is not disturbed); polled with Awaitility, a dropped connection leaves the count.
     */
    int openConnections(String clientId) {
        List<WebSocket> mine = gateway.getConnections().stream()
                .filter(ws -> clientId.equals(ws.getAttachment())).toList();
        for (WebSocket ws : mine) {
            try {
                if (ws.isOpen()) {
                    ws.sendPing();
                }
            } catch (RuntimeException e) {
                // Already closing: it leaves the count below.
            }
        }
        return (int) mine.stream().filter(WebSocket::isOpen).count();
    }

    /** The bodies of the gateway "open" calls made with this clientId, oldest first. */
    List<JsonNode> openCalls(String clientId) {
        return requests("/v1.0/gateway/connections/open").stream().map(Request::json)
                .filter(body -> clientId.equals(body.path("clientId").asString(""))).toList();
    }

    /** Pushes a CALLBACK frame to every connected client; returns its messageId. */
    String push(String topic, String data) {
        String messageId = "m-" + UUID.randomUUID();
        push(topic, data, messageId);
        return messageId;
    }

    /** Pushes a CALLBACK frame only to the connections of the client with this clientId; returns its messageId. */
    String pushTo(String clientId, String topic, String data) {
        String messageId = "m-" + UUID.randomUUID();
        send(topic, data, messageId, clientId);
        return messageId;
    }

    void push(String topic, String data, String messageId) {
        send(topic, data, messageId, null);
    }

    private void send(String topic, String data, String messageId, String clientId) {
        Map<String, Object> frame = Map.of("specVersion", "1.0", "type", "CALLBACK",
                "headers", Map.of("topic", topic, "messageId", messageId, "contentType", "application/json",
                        "time", String.valueOf(System.currentTimeMillis()), "appId", "app"),
                "data", data);
        String text = JSON.writeValueAsString(frame);
        for (WebSocket ws : gateway.getConnections()) {
            if (clientId == null || clientId.equals(ws.getAttachment())) {
                ws.send(text);
            }
        }
    }

    /** Drops every Stream connection, as a gateway restart would. */
    void dropConnections() {
        for (WebSocket ws : new ArrayList<>(gateway.getConnections())) {
            ws.closeConnection(1006, "gateway restart");
        }
    }

    private void handle(HttpExchange ex) throws java.io.IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body));
        Queue<Canned> q = canned.get(path);
        Canned c = q == null ? null : q.poll();
        int status = 200;
        String answer;
        if (c != null) {
            status = c.status();
            answer = c.body();
        } else if (path.equals("/v1.0/gateway/connections/open")) {
            String ticket = "ticket-" + opens.incrementAndGet();
            ticketOwners.put(ticket, JSON.readTree(body).path("clientId").asString(""));
            answer = "{\"endpoint\":\"wss://localhost:" + gateway.getPort() + "/connect\",\"ticket\":\""
                    + ticket + "\"}";
        } else if (path.equals("/v1.0/oauth2/accessToken")) {
            answer = "{\"accessToken\":\"token-" + tokensIssued.incrementAndGet() + "\",\"expireIn\":7200}";
        } else if (path.startsWith("/robot/sendBySession/")) {
            answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
        } else if (path.startsWith("/v1.0/card/")) {
            answer = "{\"success\":true,\"result\":{}}";
        } else {
            answer = "{\"processQueryKey\":\"q-" + UUID.randomUUID() + "\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static SSLContext sslContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = FakeDingTalk.class.getResourceAsStream("/dingtalk/gateway.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Override
    public void close() throws Exception {
        http.stop(0);
        gateway.stop(1000);
    }

    private final class Gateway extends WebSocketServer {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        Gateway(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String resource = handshake.getResourceDescriptor();
            int at = resource.indexOf("ticket=");
            if (at >= 0) {
                String ticket = resource.substring(at + "ticket=".length()).split("&")[0];
                conn.setAttachment(ticketOwners.get(java.net.URLDecoder.decode(ticket, StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            JsonNode frame = JSON.readTree(message);
            String messageId = frame.path("headers").path("messageId").asString("");
            if (!messageId.isEmpty()) {
                acks.put(messageId, frame);
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
