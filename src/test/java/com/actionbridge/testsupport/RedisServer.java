package com.actionbridge.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} for tests: its own process on a free port of 127.0.0.1, without persistence, stopped
 * (and started again on the same port) at will. {@code .ci/run} installs Debian's redis-server; a machine without it
 * fails the Redis tests with a message saying so.
 */
public final class RedisServer implements AutoCloseable {

    /**
     * One server for a test class: {@code @RegisterExtension static final RedisServer.PerClass REDIS =
     * new RedisServer.PerClass();} starts it before the first test and stops it after the last. JUnit calls the
     * callbacks again for each {@code @Nested} class: those share the outer class's server, which stops when the
     * outer class is done.
     */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private RedisServer server;
        private int depth;

        @Override
        public synchronized void beforeAll(ExtensionContext context) {
            if (depth++ == 0) {
                server = start();
            }
        }

        @Override
        public synchronized void afterAll(ExtensionContext context) {
            if (--depth == 0) {
                server.close();
            }
        }

        public RedisServer server() {
            return server;
        }
    }

    private final int port;
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts a server on a free port and waits until it answers. */
    public static RedisServer start() {
        RedisServer server = new RedisServer(freePort());
        server.startProcess();
        return server;
    }

    public int port() {
        return port;
    }

    /** Spring Boot properties that point an application at this server with the Redis store. */
    public String[] applicationProperties() {
        return new String[] {"actionbridge.store=redis", "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + port, "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=1s"};
    }

    /** A template on a new connection factory (closed with the server). */
    public StringRedisTemplate template() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", port));
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return new StringRedisTemplate(factory);
    }

    /** The connection factory behind the template made last. */
    public LettuceConnectionFactory lastFactory() {
        return factories.get(factories.size() - 1);
    }

    /** Stops the server, as a crash or a maintenance stop would. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts the server again on the same port, empty. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    /** Sends one command (inline protocol) and returns the first line of the answer. */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void startProcess() {
        String binary = executable();
        try {
            process = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no",
                    "--dir", System.getProperty("java.io.tmpdir"), "--logfile", "")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + " (install the redis-server package)", e);
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "+PONG".equals(command("PING")));
    }

    private static String executable() {
        for (String dir : (System.getenv("PATH") + File.pathSeparator + "/usr/bin:/usr/local/bin")
                .split(File.pathSeparator)) {
            if (!dir.isBlank() && Path.of(dir, "redis-server").toFile().canExecute()) {
                return Path.of(dir, "redis-server").toString();
            }
        }
        throw new IllegalStateException("redis-server is not installed: the Redis tests need it "
                + "(apt-get install redis-server; .ci/run installs it)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (LettuceConnectionFactory factory : factories) {
            try {
                factory.destroy();
            } catch (RuntimeException e) {
                // The server may already be gone.
            }
        }
        stop();
    }
}
