package com.actionbridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged application as its own process ({@code java -jar}), for the benchmark and the process tests: runs
 * it with the JDK that runs the caller (the build's JDK 21+), on a free port of 127.0.0.1, its output in a log
 * file, and waits until its readiness probe says UP. Whatever happens to the caller, the process goes with it.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final long readyMillis;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AppProcess(Process process, int port, Path log, long startedNanos, Duration readyWithin) {
        this.process = process;
        this.port = port;
        this.log = log;
        try {
            await("readiness of the application on port " + port + " (log: " + log + ")")
                    .atMost(readyWithin).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .failFast("the application exited; see " + log, () -> !process.isAlive())
                    .until(this::ready);
        } catch (RuntimeException | Error e) {
            kill();
            throw e;
        }
        this.readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /**
     * Starts {@code jar} with these JVM options and application arguments ({@code --server.port} is added), writes
     * its output to {@code log} (replaced) and returns once it is ready.
     */
    public static AppProcess start(Path jar, List<String> jvmOptions, List<String> arguments, Path log,
                                   Duration readyWithin) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(arguments);
        command.add("--server.port=" + port);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(log.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new AppProcess(process, port, log, started, readyWithin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private boolean ready() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("UP");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The running process, e.g. for the CPU it used. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** From {@code java -jar} to readiness UP. */
    public long readyMillis() {
        return readyMillis;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL on the application's own pid, as a crash or an OOM killer would; returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as an orchestrator's stop would; returns the exit code once it is gone (SIGKILL after the wait). */
    public int stop(Duration wait) {
        process.destroy();
        if (!awaitExit(wait)) {
            kill();
        }
        return process.exitValue();
    }

    private boolean awaitExit(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the application's output. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the application gracefully, killing it when it takes longer than 40 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(40));
        }
    }
}
