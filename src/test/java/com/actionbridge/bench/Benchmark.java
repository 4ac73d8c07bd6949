package com.actionbridge.bench;

import com.actionbridge.action.BenchUpstream;
import com.actionbridge.channel.dingtalk.BenchDingTalk;
import com.actionbridge.channel.wecom.BenchWeCom;
import com.actionbridge.testsupport.AppProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capacity benchmark ({@code bench/run}): starts the fakes (upstream, WeCom API, DingTalk OpenAPI and Stream
 * gateway) in this JVM, the application as its own process ({@code java -jar}), drives the load and prints every
 * figure next to its reference and the ratio. Everything runs on 127.0.0.1 and every wait is bounded.
 * <p>
 * Arguments: {@code --jar <app.jar>} (required), {@code --short} (about two minutes), {@code --out <dir>}
 * (results and app logs, default target/bench), {@code --jfr} (records the first app process with JFR),
 * {@code --only <phase,...>} of callbacks, turns, hung, stream, memory.
 */
public final class Benchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
    private static final String WECOM_BOT = "bench-wecom";
    private static final String DINGTALK_HTTP_BOT = "bench-dingtalk-http";
    private static final String DINGTALK_STREAM_BOT = "bench-dingtalk-stream";
    private static final String DINGTALK_HTTP_SECRET = "bench-dingtalk-http-secret";
    private static final int SENDERS = 16;
    private static final int OPEN_LOOP_RATE = 400;
    private static final Pattern CARD_STATUS = Pattern.compile("\"status\":\"([^\"]*)\"");

    /** How long each part runs; the short mode keeps the same figures with smaller counts. */
    private record Plan(boolean brief, Duration warmup, Duration closedLoop, Duration openLoop, int[] crowds,
                        Duration crowdWait, int hungPeople, int othersBesideHung, Duration hungWait,
                        int streamFrames, int sessions, Duration sessionsWait) {
        static Plan of(boolean brief) {
            return brief
                    ? new Plan(true, Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(4),
                    new int[]{200}, Duration.ofSeconds(40), 20, 100, Duration.ofSeconds(20), 50, 10_000,
                    Duration.ofSeconds(40))
                    : new Plan(false, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                    new int[]{200, 1_000, 2_000}, Duration.ofSeconds(150), 20, 200, Duration.ofSeconds(45), 200,
                    100_000, Duration.ofSeconds(240));
        }
    }

    /** One line of the result table. */
    private record Row(String figure, String measured, String reference, String ratio, String target, String met) {
    }

    private final Plan plan;
    private final Path jar;
    private final Path out;
    private final boolean jfr;
    private final Set<String> only;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(8)).build();
    /**
     * The probes' own client (its own selector thread and connections): a probe waits for the application, not behind
     * the answers of the crowd in the load's client.
     */
    private final HttpClient probeClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong msgIds = new AtomicLong(System.currentTimeMillis() * 1000);

    private BenchUpstream upstream;
    private BenchWeCom wecom;
    private BenchDingTalk dingtalk;
    private ScheduledExecutorService housekeeping;
    private String loadBefore;

    private Benchmark(Plan plan, Path jar, Path out, boolean jfr, Set<String> only) {
        this.plan = plan;
        this.jar = jar;
        this.out = out;
        this.jfr = jfr;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        Path jar = null;
        Path out = Path.of("target", "bench");
        boolean brief = false;
        boolean jfr = false;
        Set<String> only = new LinkedHashSet<>(List.of("callbacks", "turns", "hung", "stream", "memory"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--short" -> brief = true;
                case "--jfr" -> jfr = true;
                case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar <the application's jar> is required, got " + jar);
        }
        Files.createDirectories(out);
        new Benchmark(Plan.of(brief), jar, out, jfr, only).run();
        System.exit(0);
    }

    private void run() throws Exception {
        long begun = System.nanoTime();
        loadBefore = loadAverage();
        System.out.printf("ActionBridge benchmark (%s mode) on %d cores, Java %s, load average %s%n",
                plan.brief() ? "short" : "full", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                loadBefore);
        upstream = new BenchUpstream();
        wecom = new BenchWeCom();
        dingtalk = new BenchDingTalk();
        housekeeping = Executors.newSingleThreadScheduledExecutor();
        housekeeping.scheduleAtFixedRate(() -> {
            upstream.forget();
            wecom.forget();
            dingtalk.forget();
        }, 1, 1, TimeUnit.SECONDS);
        try (App app = App.start(this, 1, jfr)) {
            rows.add(new Row("Readiness UP after `java -jar` (ms)", Long.toString(app.readyMillis), "3000",
                    ratio(app.readyMillis, 3000), "≤ 1.0×", met(app.readyMillis <= 3000)));
            app.awaitStream();
            Map<String, Stats> idle = probeIdle(app);
            if (only.contains("callbacks")) {
                callbacks(app);
            }
            if (only.contains("turns")) {
                warmUpTurns(app);
                for (int crowd : plan.crowds()) {
                    turns(app, crowd, idle);
                }
            }
            if (only.contains("hung")) {
                hung(app);
            }
            if (only.contains("stream")) {
                stream(app);
            }
            if (only.contains("memory") && plan.brief()) {
                memory(app);
            }
        }
        if (only.contains("memory") && !plan.brief()) {
            try (App app = App.start(this, 2, false)) {
                rows.add(new Row("Readiness UP, second start (ms)", Long.toString(app.readyMillis), "3000",
                        ratio(app.readyMillis, 3000), "≤ 1.0×", met(app.readyMillis <= 3000)));
                memory(app);
            }
        }
        housekeeping.shutdownNow();
        upstream.close();
        wecom.close();
        dingtalk.close();
        report(Duration.ofNanos(System.nanoTime() - begun));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Callbacks: closed loop (16 senders) and open loop (400/s), against the empty reference endpoint
    // ---------------------------------------------------------------------------------------------------------

    private void callbacks(App app) throws Exception {
        int pool = (int) Math.min(60_000, 3_000L * (plan.warmup().toSeconds() + plan.closedLoop().toSeconds()));
        List<Supplier<HttpRequest>> targets = List.of(referenceRequests(app, pool), wecomRequests(app, pool),
                dingtalkRequests(app, pool));
        String[] names = {"empty POST endpoint", "WeCom callback", "DingTalk HTTP callback"};
        double[] rates = new double[3];
        for (int t = 0; t < 3; t++) {
            app.awaitIdleEngine();
            closedLoop(targets.get(t), plan.warmup());
            app.awaitIdleEngine();
            Cpu cpu = new Cpu(app);
            ClosedResult r = closedLoop(targets.get(t), plan.closedLoop());
            // The turns the callbacks started finish after the loop: their CPU counts too.
            app.awaitIdleEngine();
            notes.add(names[t] + ", closed loop: " + cpu.used(plan.closedLoop().toSeconds(),
                    (int) Math.max(1, Math.round(r.acksPerSecond() * plan.closedLoop().toSeconds())), "ack"));
            rates[t] = r.acksPerSecond();
            if (r.refused() > 0) {
                notes.add(names[t] + ", closed loop: " + r.refused() + " answers other than 200 (" + r.statuses()
                        + ")");
            }
        }
        for (int t = 1; t < 3; t++) {
            rows.add(new Row(names[t] + ", closed loop " + SENDERS + " senders (acks/s)", fmt(rates[t]),
                    fmt(rates[0]), ratio(rates[t], rates[0]), "≥ 0.7×", met(rates[t] >= 0.7 * rates[0])));
        }
        double[] p99 = new double[3];
        for (int t = 0; t < 3; t++) {
            app.awaitIdleEngine();
            OpenResult r = openLoop(targets.get(t), OPEN_LOOP_RATE, plan.openLoop());
            p99[t] = r.latency().p99();
            if (r.failed() > 0) {
                notes.add(names[t] + ", open loop: " + r.failed() + " of " + r.sent() + " not answered 200 ("
                        + r.statuses() + ")");
            }
        }
        for (int t = 1; t < 3; t++) {
            rows.add(new Row(names[t] + ", open loop " + OPEN_LOOP_RATE + "/s p99 (ms)", fmt(p99[t]), fmt(p99[0]),
                    ratio(p99[t], p99[0]), "≤ 1.5×", met(p99[t] <= 1.5 * p99[0])));
        }
    }

    private Supplier<HttpRequest> referenceRequests(App app, int count) {
        List<BenchWeCom.Callback> bodies = wecomBodies(Math.min(count, 1000));
        AtomicInteger next = new AtomicInteger();
        URI uri = app.uri("/bench/reference");
        return () -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size())).body())).build();
    }

    private Supplier<HttpRequest> wecomRequests(App app, int count) {
        List<BenchWeCom.Callback> bodies = wecomBodies(count);
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int i = next.getAndIncrement();
            // Past the prepared ones, sign on the fly (slower, but still distinct and correctly signed).
            BenchWeCom.Callback c = i < bodies.size() ? bodies.get(i) : wecomBodies(1).get(0);
            return wecomRequest(app, c);
        };
    }

    private HttpRequest wecomRequest(App app, BenchWeCom.Callback c) {
        return HttpRequest.newBuilder(app.uri("/callback/wecom/" + WECOM_BOT + "?" + c.query()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body())).build();
    }

    private List<BenchWeCom.Callback> wecomBodies(int count) {
        List<BenchWeCom.Callback> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = msgIds.incrementAndGet();
            list.add(wecom.text("wu" + id, id, "查询我的待办 " + id));
        }
        return list;
    }

    private Supplier<HttpRequest> dingtalkRequests(App app, int count) {
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(dingtalkBody());
        }
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int i = next.getAndIncrement();
            return dingtalkRequest(app, i < bodies.size() ? bodies.get(i) : dingtalkBody());
        };
    }

    private byte[] dingtalkBody() {
        long id = msgIds.incrementAndGet();
        return dingtalk.text("msg" + id, "du" + id, "查询我的待办 " + id).getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest dingtalkRequest(App app, byte[] body) {
        String timestamp = Long.toString(System.currentTimeMillis());
        return HttpRequest.newBuilder(app.uri("/callback/dingtalk/" + DINGTALK_HTTP_BOT))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json; charset=utf-8")
                .header("timestamp", timestamp).header("sign", BenchDingTalk.sign(timestamp, DINGTALK_HTTP_SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private record ClosedResult(double acksPerSecond, long refused, Map<Integer, Long> statuses) {
    }

    private ClosedResult closedLoop(Supplier<HttpRequest> requests, Duration duration) throws InterruptedException {
        AtomicLong acks = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(SENDERS);
        long start = System.nanoTime();
        for (int s = 0; s < SENDERS; s++) {
            Thread.ofPlatform().name("sender-" + s).start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        int status = status(requests.get());
                        if (status == 200) {
                            acks.incrementAndGet();
                        } else {
                            statuses.merge(status, 1L, Long::sum);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long refused = statuses.values().stream().mapToLong(Long::longValue).sum();
        return new ClosedResult(acks.get() / seconds, refused, statuses);
    }

    private int status(HttpRequest request) {
        return status(http, request);
    }

    private static int status(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -2;
        }
    }

    private record OpenResult(Stats latency, int sent, long failed, Map<Integer, Long> statuses) {
    }

    /** Sends at a fixed rate whatever the answers do; latency counts from the planned send time. */
    private OpenResult openLoop(Supplier<HttpRequest> requests, int perSecond, Duration duration)
            throws InterruptedException {
        int total = (int) (perSecond * duration.toSeconds());
        long interval = 1_000_000_000L / perSecond;
        Stats latency = new Stats();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(4_000);
        CountDownLatch answered = new CountDownLatch(total);
        List<HttpRequest> prepared = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            prepared.add(requests.get());
        }
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire()) {
                statuses.merge(-3, 1L, Long::sum);
                answered.countDown();
                continue;
            }
            http.sendAsync(prepared.get(i), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latency.add(System.nanoTime() - planned);
                int status = e != null ? -1 : r.statusCode();
                if (status != 200) {
                    statuses.merge(status, 1L, Long::sum);
                }
                inFlight.release();
                answered.countDown();
            });
        }
        answered.await(60, TimeUnit.SECONDS);
        long failed = statuses.values().stream().mapToLong(Long::longValue).sum() + answered.getCount();
        return new OpenResult(latency, total, failed, statuses);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Turns: N people at once with the upstream at 1 s; liveness, admin API and callbacks meanwhile
    // ---------------------------------------------------------------------------------------------------------

    private record Crowd(int people, int answered, int busy, int failed, Stats latency, double seconds) {
    }

    /**
     * Unmeasured, like the callbacks' warm-up: web chats and bare relays for four times {@code plan.warmup()} (crowds of
     * 200 with a 100 ms upstream), so the measured crowds find both paths loaded and compiled, as in a running service.
     */
    private void warmUpTurns(App app) throws Exception {
        app.awaitIdleEngine();
        upstream.latency(100);
        long until = System.nanoTime() + plan.warmup().multipliedBy(4).toNanos();
        for (int round = 0; System.nanoTime() < until; round++) {
            crowd(app, "w" + round + "-", 200, plan.crowdWait());
            crowd(app, "/bench/relay", "wr" + round + "-", 200, plan.crowdWait());
        }
        app.awaitIdleEngine();
    }

    private void turns(App app, int people, Map<String, Stats> idle) throws Exception {
        app.awaitIdleEngine();
        upstream.latency(1_000);
        // The reference of the same run: the same crowd through the bare relay (same web stack, same upstream, no
        // engine), with the same probes meanwhile: what this machine gives at all, before any of the turn's work.
        Probes relayProbes = new Probes(app);
        Cpu relayCpu = new Cpu(app);
        relayProbes.start();
        upstream.resetArrivals("\"r" + people + "-");
        long relayStart = System.nanoTime();
        Crowd relay = crowd(app, "/bench/relay", "r" + people + "-", people, plan.crowdWait());
        relayProbes.stop();
        notes.add(people + " requests through the bare relay: " + relayCpu.used(relay.seconds(), people, "request")
                + "; " + upstream.arrivals(relayStart));
        app.awaitIdleEngine();
        Probes probes = new Probes(app);
        Cpu cpu = new Cpu(app);
        probes.start();
        upstream.resetArrivals("\"web:t" + people + "-");
        long start = System.nanoTime();
        Crowd crowd = crowd(app, "t" + people + "-", people, plan.crowdWait());
        probes.stop();
        notes.add(people + " people: " + cpu.used(crowd.seconds(), people, "turn") + "; "
                + upstream.arrivals(start));
        double throughput = crowd.answered() / crowd.seconds();
        double relayThroughput = relay.answered() / relay.seconds();
        double ideal = people / 1.0;
        rows.add(new Row("Turns, " + people + " people at once, upstream 1 s: answered", crowd.answered() + " / "
                + people, Integer.toString(people), ratio(crowd.answered(), people), "1.0×",
                met(crowd.answered() == people)));
        rows.add(new Row("Turns, " + people + " people: throughput (turns/s)", fmt(throughput), fmt(ideal) + " (N/1 s)",
                ratio(throughput, ideal), "≥ 0.8×", met(throughput >= 0.8 * ideal)));
        rows.add(new Row("Reference: bare relay, " + people + " at once (same web stack and upstream, no engine):"
                        + " throughput (requests/s)", fmt(relayThroughput) + " (" + relay.answered() + " / " + people
                        + " answered)", fmt(ideal) + " (N/1 s)", ratio(relayThroughput, ideal), "", ""));
        rows.add(new Row("Turns, " + people + " people: throughput against the bare relay", fmt(throughput),
                fmt(relayThroughput), ratio(throughput, relayThroughput), "", ""));
        rows.add(new Row("Turns, " + people + " people: \"busy\" cards", Integer.toString(crowd.busy()), "0", "",
                "0 below the bound", met(crowd.busy() == 0)));
        rows.add(new Row("Turns, " + people + " people: slowest answer (ms)", fmt(crowd.latency().max()),
                "1000 (upstream)", ratio(crowd.latency().max(), 1000), "", ""));
        if (crowd.failed() > 0) {
            notes.add(people + " people: " + crowd.failed() + " web chat requests failed or timed out (after "
                    + plan.crowdWait().toSeconds() + " s)");
        }
        for (var e : probes.latencies().entrySet()) {
            double under = e.getValue().p95();
            double base = idle.get(e.getKey()).p95();
            double underRelay = relayProbes.latencies().get(e.getKey()).p95();
            rows.add(new Row(e.getKey() + " p95 during " + people + " turns (ms)", fmt(under), fmt(base) + " idle",
                    ratio(under, base), "≤ 1.5×", met(under <= 1.5 * base)));
            rows.add(new Row(e.getKey() + " p95 during " + people + " bare relays, the reference (ms)",
                    fmt(underRelay), fmt(base) + " idle", ratio(underRelay, base), "", ""));
        }
    }

    /**
     * CPU time of the application and of this driver (load, probes and the fakes) over a phase, so a ratio can be
     * read against what two shared cores can give at all.
     */
    private static final class Cpu {
        private final App app;
        private final long app0;
        private final long driver0;
        private final long wall0 = System.nanoTime();

        Cpu(App app) {
            this.app = app;
            this.app0 = cpuNanos(app.process.handle());
            this.driver0 = cpuNanos(ProcessHandle.current());
        }

        String used(double busySeconds, int count, String what) {
            double appSeconds = (cpuNanos(app.process.handle()) - app0) / 1e9;
            double driverSeconds = (cpuNanos(ProcessHandle.current()) - driver0) / 1e9;
            return String.format(Locale.ROOT, "CPU %.2f s in the application (%.2f ms per %s), %.2f s in the driver"
                            + " and fakes (%.2f ms per %s), over %.2f s (%.2f s of load) on %d cores", appSeconds,
                    appSeconds * 1000 / count, what, driverSeconds, driverSeconds * 1000 / count, what,
                    (System.nanoTime() - wall0) / 1e9, busySeconds, Runtime.getRuntime().availableProcessors());
        }

        private static long cpuNanos(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
    }

    /** {@code people} web chats at once; waits for every answer up to {@code wait}. */
    private Crowd crowd(App app, String prefix, int people, Duration wait) throws InterruptedException {
        return crowd(app, "/api/v1/chat", prefix, people, wait);
    }

    /**
     * {@code people} requests at once to {@code path} (the web chat, or the reference relay), each a web chat's body;
     * waits for every answer up to {@code wait}.
     */
    private Crowd crowd(App app, String path, String prefix, int people, Duration wait) throws InterruptedException {
        Stats latency = new Stats();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> causes = new ConcurrentHashMap<>();
        AtomicLong last = new AtomicLong();
        CountDownLatch done = new CountDownLatch(people);
        long start = System.nanoTime();
        for (int i = 0; i < people; i++) {
            HttpRequest request = chat(app, path, prefix + i, "查询我的待办", wait);
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                long now = System.nanoTime();
                latency.add(now - start);
                if (e == null && r.statusCode() == 200) {
                    if (r.body().contains("\"status\":\"busy\"")) {
                        busy.incrementAndGet();
                    } else if (r.body().contains("\"status\":\"" + BenchUpstream.DONE_STATUS + "\"")) {
                        answered.incrementAndGet();
                        last.accumulateAndGet(now, Math::max);
                    } else {
                        // A card that is not the upstream's answer (an upstream error, "still running") is no answer.
                        failed.incrementAndGet();
                        Matcher status = CARD_STATUS.matcher(r.body());
                        causes.merge("a \"" + (status.find() ? status.group(1) : "?") + "\" card", 1, Integer::sum);
                    }
                } else {
                    failed.incrementAndGet();
                    causes.merge(e != null ? cause(e) : "HTTP " + r.statusCode(), 1, Integer::sum);
                }
                done.countDown();
            });
        }
        done.await(wait.toSeconds() + 10, TimeUnit.SECONDS);
        failed.addAndGet((int) done.getCount());
        if (!causes.isEmpty()) {
            notes.add(prefix + "*: web chats that failed, by cause: " + causes);
        }
        double seconds = Math.max(1e-3, (Math.max(last.get(), start) - start) / 1e9);
        return new Crowd(people, answered.get(), busy.get(), failed.get(), latency, seconds);
    }

    /** The innermost cause of a failed request, as its class and message. */
    private static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private HttpRequest chat(App app, String path, String userId, String text, Duration timeout) {
        String body = JSON.writeValueAsString(Map.of("user_id", userId, "text", text));
        return HttpRequest.newBuilder(app.uri(path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private Map<String, Stats> probeIdle(App app) throws Exception {
        // Unmeasured first: a fresh process still loads classes and compiles on the first requests of each path.
        Probes warmUp = new Probes(app);
        for (int i = 0; i < 100; i++) {
            warmUp.once();
        }
        app.awaitIdleEngine();
        Probes probes = new Probes(app);
        for (int i = 0; i < 40; i++) {
            probes.once();
            TimeUnit.MILLISECONDS.sleep(25);
        }
        return probes.latencies();
    }

    /** Liveness, the admin API and both callbacks, one after the other, every 100 ms. */
    private final class Probes {
        private final App app;
        private final Map<String, Stats> latencies = new HashMap<>();
        private volatile boolean running;
        private Thread thread;

        Probes(App app) {
            this.app = app;
            for (String name : List.of("Liveness", "Admin API", "WeCom callback", "DingTalk HTTP callback")) {
                latencies.put(name, new Stats());
            }
        }

        void start() {
            running = true;
            thread = Thread.ofPlatform().name("probes").start(() -> {
                while (running) {
                    once();
                    try {
                        TimeUnit.MILLISECONDS.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(60_000);
        }

        void once() {
            time("Liveness", HttpRequest.newBuilder(app.uri("/actuator/health/liveness"))
                    .timeout(Duration.ofSeconds(60)).GET().build());
            time("Admin API", HttpRequest.newBuilder(app.uri("/admin/api/overview")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
            time("WeCom callback", wecomRequest(app, wecomBodies(1).get(0)));
            time("DingTalk HTTP callback", dingtalkRequest(app, dingtalkBody()));
        }

        private void time(String name, HttpRequest request) {
            long t0 = System.nanoTime();
            status(probeClient, request);
            latencies.get(name).add(System.nanoTime() - t0);
        }

        Map<String, Stats> latencies() {
            return latencies;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hung upstream calls of some people
    // ---------------------------------------------------------------------------------------------------------

    private void hung(App app) throws Exception {
        app.awaitIdleEngine();
        upstream.latency(1_000);
        Crowd alone = crowd(app, "hr-", plan.othersBesideHung(), plan.hungWait());
        app.awaitIdleEngine();
        upstream.hang();
        List<CompletableFuture<HttpResponse<Void>>> hungChats = new ArrayList<>();
        for (int i = 0; i < plan.hungPeople(); i++) {
            hungChats.add(http.sendAsync(chat(app, "/api/v1/chat", "hung-" + i, "查询我的待办", Duration.ofSeconds(150)),
                    HttpResponse.BodyHandlers.discarding()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (upstream.hungCalls() < plan.hungPeople() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        int reached = upstream.hungCalls();
        upstream.latency(1_000);
        Crowd others = crowd(app, "ho-", plan.othersBesideHung(), plan.hungWait());
        upstream.releaseHung();
        if (reached < plan.hungPeople()) {
            notes.add("Hung calls: only " + reached + " of " + plan.hungPeople()
                    + " people's calls reached the upstream in 10 s (the others waited for a free worker)");
        }
        double p99 = others.latency().p99();
        double base = alone.latency().p99();
        rows.add(new Row(plan.othersBesideHung() + " others beside " + plan.hungPeople()
                + " hung upstream calls: answered", others.answered() + " / " + others.people(),
                Integer.toString(others.people()), ratio(others.answered(), others.people()), "1.0×",
                met(others.answered() == others.people())));
        rows.add(new Row(plan.othersBesideHung() + " others beside hung calls: p99 (ms)", fmt(p99),
                fmt(base) + " without hung", ratio(p99, base), "≤ 1.5×",
                met(others.answered() == others.people() && p99 <= 1.5 * base)));
        CompletableFuture.allOf(hungChats.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
    }

    // ---------------------------------------------------------------------------------------------------------
    // DingTalk Stream: each frame acknowledged before the upstream work
    // ---------------------------------------------------------------------------------------------------------

    private void stream(App app) throws Exception {
        app.awaitIdleEngine();
        upstream.latency(1_000);
        Map<String, Long> pushed = new ConcurrentHashMap<>();
        Stats acks = new Stats();
        String clientId = "client-" + DINGTALK_STREAM_BOT;
        for (int i = 0; i < plan.streamFrames(); i++) {
            long id = msgIds.incrementAndGet();
            String data = dingtalk.text("smsg" + id, "su" + id, "查询我的待办 " + id);
            long t0 = System.nanoTime();
            String messageId = dingtalk.push(clientId, data);
            pushed.put(messageId, t0);
            TimeUnit.MILLISECONDS.sleep(5);
            collectAcks(pushed, acks);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pushed.isEmpty() && System.nanoTime() < deadline) {
            collectAcks(pushed, acks);
            TimeUnit.MILLISECONDS.sleep(1);
        }
        rows.add(new Row("DingTalk Stream: frames acked", acks.count() + " / " + plan.streamFrames(),
                Integer.toString(plan.streamFrames()), ratio(acks.count(), plan.streamFrames()), "1.0×",
                met(acks.count() == plan.streamFrames())));
        rows.add(new Row("DingTalk Stream: ack p99 per frame (ms)", fmt(acks.p99()), "1000 (upstream latency)",
                ratio(acks.p99(), 1000), "< 1.0× (acked before the upstream answers)", met(acks.p99() < 1000)));
    }

    private void collectAcks(Map<String, Long> pushed, Stats acks) {
        long now = System.nanoTime();
        pushed.entrySet().removeIf(e -> {
            if (dingtalk.takeAck(e.getKey())) {
                acks.add(now - e.getValue());
                return true;
            }
            return false;
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Memory per live session
    // ---------------------------------------------------------------------------------------------------------

    private void memory(App app) throws Exception {
        upstream.latency(0);
        fill(app, "warm-", 1_000, Duration.ofSeconds(60));
        app.awaitIdleEngine();
        long sessions0 = app.sessions();
        long heap0 = app.liveHeapBytes();
        // A fresh application (full mode) grows to the target; the short mode's reused one by that many more.
        int target = plan.brief() ? (int) sessions0 + plan.sessions() : plan.sessions();
        int made = fill(app, "m-", target - (int) sessions0, plan.sessionsWait());
        app.awaitIdleEngine();
        long sessions1 = app.sessions();
        long heap1 = app.liveHeapBytes();
        double perSession = (heap1 - heap0) / (double) Math.max(1, sessions1 - sessions0);
        rows.add(new Row("Live sessions reached", Long.toString(sessions1), Integer.toString(target),
                ratio(sessions1, target), "1.0×", met(sessions1 >= target)));
        rows.add(new Row("Heap per live session (bytes, after full GC)", fmt(perSession), "2048",
                ratio(perSession, 2048), "≤ 1.0×", met(perSession <= 2048)));
        notes.add(String.format(Locale.ROOT, "Memory: live heap %.1f MB with %d sessions, %.1f MB with %d"
                        + " (%d web chats sent); class histograms in %s", heap0 / 1e6, sessions0, heap1 / 1e6,
                sessions1, made, out.resolve("histogram-*.txt")));
    }

    /** {@code count} new people write once each, 64 at a time; returns how many were answered in time. */
    private int fill(App app, String prefix, int count, Duration wait) throws InterruptedException {
        Semaphore window = new Semaphore(64);
        AtomicInteger answered = new AtomicInteger();
        long deadline = System.nanoTime() + wait.toNanos();
        int sent = 0;
        for (; sent < count && System.nanoTime() < deadline; sent++) {
            window.acquire();
            http.sendAsync(chat(app, "/api/v1/chat", prefix + sent, "查询我的待办", Duration.ofSeconds(60)),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 200) {
                    answered.incrementAndGet();
                }
                window.release();
            });
        }
        window.tryAcquire(64, 60, TimeUnit.SECONDS);
        if (sent < count) {
            notes.add("Memory: only " + sent + " of " + count + " sessions created in " + wait.toSeconds() + " s");
        }
        return answered.get();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Report
    // ---------------------------------------------------------------------------------------------------------

    private void report(Duration took) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| Figure | Measured | Reference | Ratio | Target | Met |\n");
        md.append("|---|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", r.figure(), r.measured(), r.reference(), r.ratio(), r.target(),
                    r.met())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
        }
        md.append(String.format(Locale.ROOT, "%nTook %d s (%s mode), %d cores, Java %s; load average (1/5/15 min)"
                        + " %s before, %s after: other work on the machine shifts every figure.%n", took.toSeconds(),
                plan.brief() ? "short" : "full", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                loadBefore, loadAverage()));
        System.out.println();
        System.out.print(md);
        Files.writeString(out.resolve("results.md"), md);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double value, double reference) {
        return reference == 0 || Double.isNaN(value) || Double.isNaN(reference) ? "n/a"
                : String.format(Locale.ROOT, "%.2f×", value / reference);
    }

    private static String met(boolean yes) {
        return yes ? "yes" : "**no**";
    }

    /** Latencies in nanoseconds; figures in milliseconds. */
    static final class Stats {
        private final ConcurrentLinkedQueue<Long> values = new ConcurrentLinkedQueue<>();

        void add(long nanos) {
            values.add(nanos);
        }

        int count() {
            return values.size();
        }

        double p50() {
            return percentile(0.50);
        }

        double p95() {
            return percentile(0.95);
        }

        double p99() {
            return percentile(0.99);
        }

        double max() {
            return percentile(1.0);
        }

        private double percentile(double p) {
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
            return sorted[index] / 1e6;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The application as a real process
    // ---------------------------------------------------------------------------------------------------------

    private static final class App implements AutoCloseable {
        private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

        private final Benchmark bench;
        private final int number;
        private final AppProcess process;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final long readyMillis;
        private int histograms;

        private App(Benchmark bench, int number, AppProcess process) {
            this.bench = bench;
            this.number = number;
            this.process = process;
            this.readyMillis = process.readyMillis();
        }

        static App start(Benchmark bench, int number, boolean jfr) throws Exception {
            Path dir = Files.createDirectories(bench.out.resolve("app-" + number));
            // The JVM flags production runs with (bench/run passes those of deploy/, with the AOT cache).
            List<String> jvm = new ArrayList<>();
            String options = System.getProperty("bench.app.java-options", "").strip();
            if (!options.isEmpty()) {
                jvm.addAll(List.of(options.split("\\s+")));
            }
            String trust = System.getProperty("bench.truststore");
            if (trust != null) {
                jvm.addAll(List.of("-Djavax.net.ssl.trustStore=" + trust,
                        "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12"));
            }
            if (jfr) {
                jvm.add("-XX:StartFlightRecording=filename=" + bench.out.toAbsolutePath().resolve("app-" + number
                        + ".jfr") + ",settings=profile,dumponexit=true");
            }
            List<String> args = List.of(
                    "--actionbridge.bench.reference-endpoint=true",
                    "--actionbridge.upstream.base-url=" + bench.upstream.baseUrl(),
                    "--actionbridge.upstream.token=bench-upstream-token",
                    "--actionbridge.admin.token=" + ADMIN_TOKEN,
                    "--bots[0].id=" + WECOM_BOT, "--bots[0].platform=wecom",
                    "--bots[0].corp-id=" + BenchWeCom.CORP_ID, "--bots[0].agent-id=" + BenchWeCom.AGENT_ID,
                    "--bots[0].secret=bench-wecom-secret", "--bots[0].token=" + BenchWeCom.TOKEN,
                    "--bots[0].aes-key=" + BenchWeCom.AES_KEY, "--bots[0].api-base-url=" + bench.wecom.apiBaseUrl(),
                    "--bots[1].id=" + DINGTALK_HTTP_BOT, "--bots[1].platform=dingtalk", "--bots[1].mode=http",
                    "--bots[1].client-id=client-" + DINGTALK_HTTP_BOT,
                    "--bots[1].client-secret=" + DINGTALK_HTTP_SECRET,
                    "--bots[1].robot-code=" + BenchDingTalk.ROBOT_CODE, "--bots[1].corp-id=" + BenchDingTalk.CORP_ID,
                    "--bots[1].api-base-url=" + bench.dingtalk.baseUrl(),
                    "--bots[2].id=" + DINGTALK_STREAM_BOT, "--bots[2].platform=dingtalk", "--bots[2].mode=stream",
                    "--bots[2].client-id=client-" + DINGTALK_STREAM_BOT,
                    "--bots[2].client-secret=bench-dingtalk-stream-secret",
                    "--bots[2].robot-code=" + BenchDingTalk.ROBOT_CODE, "--bots[2].corp-id=" + BenchDingTalk.CORP_ID,
                    "--bots[2].api-base-url=" + bench.dingtalk.baseUrl());
            App app = new App(bench, number, AppProcess.start(bench.jar, jvm, args, dir.resolve("app.log"),
                    Duration.ofSeconds(300)));
            // The CPU the application used until then: on a busy machine a steadier figure than the wall time.
            double cpu = app.process.handle().info().totalCpuDuration()
                    .map(d -> d.toMillis() / 1000.0).orElse(-1.0);
            String launch = String.format(Locale.ROOT, "App %d ready in %d ms, %.1f s CPU (java %s -jar %s)", number,
                    app.readyMillis, cpu, options, bench.jar);
            bench.notes.add(launch);
            System.out.printf("%s, pid %d, port %d%n", launch, app.process.pid(), app.process.port());
            return app;
        }

        URI uri(String path) {
            return process.uri(path);
        }

        void awaitStream() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (bench.dingtalk.openConnections("client-" + DINGTALK_STREAM_BOT) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the DingTalk stream bot did not connect in 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }

        JsonNode overview() throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/admin/api/overview"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("admin overview answered " + r.statusCode());
            }
            return JSON.readTree(r.body());
        }

        long sessions() throws IOException, InterruptedException {
            return overview().path("sessions").asLong(-1);
        }

        /** Waits (at most 120 s) until the engine reports nothing queued or running, so phases do not overlap. */
        void awaitIdleEngine() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                JsonNode engine = overview().path("engine");
                if (engine.path("queued").asInt(0) == 0 && engine.path("running").asInt(0) == 0) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            bench.notes.add("The engine was still busy after 120 s between two phases");
        }

        /** Bytes of live objects after a full GC, from a class histogram (kept next to the results). */
        long liveHeapBytes() throws IOException, InterruptedException {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process p = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd did not finish");
            }
            Files.writeString(bench.out.resolve("histogram-" + number + "-" + (++histograms) + ".txt"), text);
            Matcher m = HISTOGRAM_TOTAL.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("no total in the class histogram: " + text.lines().findFirst()
                        .orElse(""));
            }
            return Long.parseLong(m.group(1));
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
