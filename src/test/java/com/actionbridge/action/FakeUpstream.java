package com.actionbridge.action;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A scripted upstream on 127.0.0.1: each request takes the next scripted answer (the last one repeats). */
public final class FakeUpstream implements AutoCloseable {

    public record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @FunctionalInterface
    public interface Answer {
        void respond(HttpExchange exchange) throws IOException;
    }

    /**
     * An answer that reads its request. The request comes as an argument, never as an exchange attribute: the JDK
     * server keeps {@link HttpExchange#setAttribute attributes} in the context, shared by all exchanges at once, so
     * a body put there is read by whichever request looks next.
     */
    @FunctionalInterface
    public interface Reply {
        void respond(HttpExchange exchange, Received request) throws IOException;
    }

    /** The listen queue (the kernel caps it at net.core.somaxconn). */
    private static final int BACKLOG = 4096;

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Reply last = ignoring(json(200, "{}"));

    public FakeUpstream() throws IOException {
        this(0);
    }

    FakeUpstream(int port) throws IOException {
        // A real server's listen queue (the JDK's default of 50 drops connections of a burst, which then wait a
        // second for the SYN's retransmission); a waiting answer parks a virtual thread, not a platform thread.
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), BACKLOG);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(request);
            Reply next = script.poll();
            if (next != null) {
                last = next;
            }
            try {
                last.respond(exchange, request);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public FakeUpstream then(Answer answer) {
        return then(ignoring(answer));
    }

    public FakeUpstream then(Reply reply) {
        script.add(reply);
        return this;
    }

    private static Reply ignoring(Answer answer) {
        return (exchange, request) -> answer.respond(exchange);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    static Answer json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        };
    }

    public static Answer ok(String data) {
        return json(200, "{\"Code\":2000,\"Data\":" + data + ",\"Msg\":\"成功\"}");
    }

    /** Never answers until the server is closed: the client's read timeout must fire. */
    Answer silent() {
        return exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
