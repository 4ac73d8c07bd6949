package com.actionbridge.process;

import com.actionbridge.action.DialogueUpstream;
import com.actionbridge.channel.dingtalk.BenchDingTalk;
import com.actionbridge.channel.wecom.BenchWeCom;
import com.actionbridge.testsupport.AppProcess;
import com.actionbridge.testsupport.RedisServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Nothing accepted is lost, with real processes: two instances of the packaged application ({@code java -jar}) on one
 * real {@code redis-server}, with the Redis store, each with its own instance id and a 5 s takeover time, the same
 * WeCom bot and DingTalk HTTP-mode bot on both. Fifty people write through signed WeCom and DingTalk callbacks,
 * each to a "home" instance, as a load balancer spreads them; most go as far as confirming an action on a slow
 * upstream. Mid-run one instance is killed (SIGKILL) or stopped (SIGTERM). Everyone must still get an answer at
 * the fake WeCom or DingTalk, the upstream must never see the same v1 call twice, a stop must not answer "send it
 * again", and after the killed instance is back, the platforms' redeliveries of acknowledged callbacks must be
 * dropped. Application logs: target/process-it/.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class NothingAcceptedIsLostProcessIT {

    private static final int PEOPLE = 50;
    private static final long UPSTREAM_LATENCY_MILLIS = 1_000;
    private static final String TAKEOVER_AFTER = "5s";
    /** Longest wait for the answer to one message: takeover time, the survivor's queue and the slow upstream. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(60);
    private static final Duration READY_WAIT = Duration.ofSeconds(180);
    private static final String WECOM_BOT = "process-wecom";
    private static final String DINGTALK_BOT = "process-dingtalk";
    private static final String DINGTALK_SECRET = "process-dingtalk-secret";
    private static final String[] NAMES = {"a", "b"};
    /** The instance stopped mid-run. */
    private static final int VICTIM = 1;

    private static final Properties TEXTS = texts();

    /** What an answer is, told by the texts the person sees. */
    enum Kind {
        UNKNOWN_OUTCOME("upstream.error.unknown_outcome"), NOT_PROCESSED("busy.stopping.text"),
        DONE("status.action_done.title"), PREVIEW("status.action_preview.title"),
        FOUND("status.action_found.title"), OTHER(null), NONE(null);

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The text's first phrase, without markdown: what every rendering keeps. */
        String phrase() {
            String text = TEXTS.getProperty(key).replace("**", "");
            return text.split("[：，。]")[0];
        }

        static Kind of(String reply) {
            return Stream.of(values()).filter(k -> k.key != null && reply.contains(k.phrase())).findFirst()
                    .orElse(OTHER);
        }
    }

    /** One callback as the platform posts it, kept to post it again (same signature, same message id). */
    private record Callback(String path, String query, Map<String, String> headers, byte[] body) {
        HttpRequest to(AppProcess app) {
            HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            return b.build();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final AppProcess[] instances = new AppProcess[2];
    private final boolean[] inRotation = {true, true};
    private final List<AppProcess> started = new CopyOnWriteArrayList<>();
    private final List<Person> people = new ArrayList<>();
    /** What the test did to the instances, for the failure report. */
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private RedisServer redis;
    private DialogueUpstream upstream;
    private BenchWeCom wecom;
    private BenchDingTalk dingtalk;
    private Path logs;
    private long begun;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        logs = Path.of("target", "process-it", test.getTestMethod().orElseThrow().getName());
        redis = RedisServer.start();
        upstream = new DialogueUpstream(UPSTREAM_LATENCY_MILLIS);
        wecom = new BenchWeCom();
        dingtalk = new BenchDingTalk();
        CompletableFuture<AppProcess> a = CompletableFuture.supplyAsync(() -> launch(0, 1));
        CompletableFuture<AppProcess> b = CompletableFuture.supplyAsync(() -> launch(1, 1));
        CompletableFuture.allOf(a, b).join(); // both settled: whatever started is in `started`, stopped after
        instances[0] = a.join();
        instances[1] = b.join();
        for (int n = 0; n < PEOPLE; n++) {
            people.add(new Person(n));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AppProcess app : started) {
            app.kill();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (wecom != null) {
            wecom.close();
        }
        if (dingtalk != null) {
            dingtalk.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aKilledInstanceLosesNothingItAcknowledged() throws Exception {
        upstream.holdConfirmationsOf(NAMES[VICTIM]);
        ExecutorService crowd = talk();
        midRun("confirmations in flight at instance " + NAMES[VICTIM], () -> upstream.held() >= 3);
        inRotation[VICTIM] = false;
        instances[VICTIM].kill();
        // Every confirmation the victim made is held, so all of them were in flight when it died.
        List<String> inFlight = upstream.v1Calls().stream().filter(s -> s.instance().equals(NAMES[VICTIM])
                && s.call().status().equals("action_preview")).map(s -> s.call().userId()).toList();
        note("instance " + NAMES[VICTIM] + " killed (SIGKILL) with the confirmations of " + inFlight
                + " in flight");
        upstream.release();
        List<String> problems = finish(crowd);
        for (Person p : people) {
            if (inFlight.stream().anyMatch(p::is) && p.last != Kind.UNKNOWN_OUTCOME) {
                problems.add(p + ": its confirmation was in flight at the killed instance, yet the last answer is "
                        + p.last + ", not " + Kind.UNKNOWN_OUTCOME + "\n      " + String.join("\n      ", p.trail));
            }
        }
        problems.addAll(twiceSeenCalls());

        instances[VICTIM] = launch(VICTIM, 2);
        inRotation[VICTIM] = true;
        note("instance " + NAMES[VICTIM] + " restarted");
        problems.addAll(redeliveriesDropped());
        report(problems);
    }

    @Test
    void aStoppedInstanceHandsBackWhatItDidNotStart() throws Exception {
        ExecutorService crowd = talk();
        midRun("confirmations made by instance " + NAMES[VICTIM], () -> confirmationsBy(NAMES[VICTIM]) >= 2);
        inRotation[VICTIM] = false;
        note("instance " + NAMES[VICTIM] + " stopping (SIGTERM)");
        int exit = instances[VICTIM].stop(Duration.ofSeconds(60));
        note("instance " + NAMES[VICTIM] + " exited with " + exit);
        List<String> problems = finish(crowd);
        if (exit == 137) {
            problems.add("instance " + NAMES[VICTIM] + " did not stop within 60 s of SIGTERM and was killed");
        }
        problems.addAll(twiceSeenCalls());
        report(problems);
    }

    // ---------------------------------------------------------------------------------------------------------

    private AppProcess launch(int instance, int time) {
        String name = NAMES[instance];
        List<String> args = new ArrayList<>(List.of(
                "--actionbridge.instance-id=" + name,
                "--actionbridge.inbox.takeover-after=" + TAKEOVER_AFTER,
                // A dead instance's session locks lapse as soon as its events may be taken over.
                "--actionbridge.redis.lock-lease=" + TAKEOVER_AFTER,
                // Few turns at once, so an instance holds accepted, unstarted events when it goes.
                "--actionbridge.engine.max-in-flight=6",
                "--actionbridge.upstream.base-url=" + upstream.baseUrl(name),
                "--actionbridge.upstream.token=process-upstream-token",
                // Each upstream call in the log, and each callback in an access log, for the failure report.
                "--logging.level.com.actionbridge.action=DEBUG",
                "--server.tomcat.accesslog.enabled=true",
                "--server.tomcat.accesslog.directory=" + logs.toAbsolutePath(),
                "--server.tomcat.accesslog.prefix=" + name + "-" + time + "-access",
                "--server.tomcat.accesslog.pattern=%{yyyy-MM-dd HH:mm:ss.SSS}t %r %s %{timestamp}i %D ms",
                "--bots[0].id=" + WECOM_BOT, "--bots[0].platform=wecom",
                "--bots[0].corp-id=" + BenchWeCom.CORP_ID, "--bots[0].agent-id=" + BenchWeCom.AGENT_ID,
                "--bots[0].secret=process-wecom-secret", "--bots[0].token=" + BenchWeCom.TOKEN,
                "--bots[0].aes-key=" + BenchWeCom.AES_KEY, "--bots[0].api-base-url=" + wecom.apiBaseUrl(),
                "--bots[1].id=" + DINGTALK_BOT, "--bots[1].platform=dingtalk", "--bots[1].mode=http",
                "--bots[1].client-id=client-" + DINGTALK_BOT, "--bots[1].client-secret=" + DINGTALK_SECRET,
                "--bots[1].robot-code=" + BenchDingTalk.ROBOT_CODE, "--bots[1].corp-id=" + BenchDingTalk.CORP_ID,
                "--bots[1].api-base-url=" + dingtalk.baseUrl()));
        for (String property : redis.applicationProperties()) {
            args.add("--" + property);
        }
        AppProcess app = AppProcess.start(jar(), List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                args, logs.resolve(name + "-" + time + ".log"), READY_WAIT);
        started.add(app);
        return app;
    }

    private static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("actionbridge-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/actionbridge-*.jar: these tests run "
                            + "after `package` (mvn verify)"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list target/", e);
        }
    }

    private ExecutorService talk() {
        begun = System.nanoTime();
        ExecutorService crowd = Executors.newVirtualThreadPerTaskExecutor();
        people.forEach(p -> crowd.submit(p::talk));
        return crowd;
    }

    /** Waits for everyone's last answer; returns the people without the answer they should have. */
    private List<String> finish(ExecutorService crowd) throws InterruptedException {
        crowd.shutdown();
        List<String> problems = new ArrayList<>();
        if (!crowd.awaitTermination(4, TimeUnit.MINUTES)) {
            problems.add("the people were still talking after 4 minutes");
        }
        for (Person p : people) {
            if (p.problem != null || (p.last != p.expected() && p.last != Kind.UNKNOWN_OUTCOME)) {
                problems.add(p + ": last answer " + p.last + " (expected " + p.expected() + " or "
                        + Kind.UNKNOWN_OUTCOME + ")" + (p.problem == null ? "" : "; " + p.problem) + "\n      "
                        + String.join("\n      ", p.trail));
            }
        }
        return problems;
    }

    /** Waits for the moment to stop the victim; fails with the instances' logs when it never comes. */
    private void midRun(String what, java.util.concurrent.Callable<Boolean> moment) {
        try {
            await(what).atMost(Duration.ofSeconds(90)).until(moment);
        } catch (ConditionTimeoutException e) {
            report(List.of("no " + what + " within 90 s: instance " + NAMES[VICTIM] + " made "
                    + confirmationsBy(NAMES[VICTIM]) + " confirmation(s) and "
                    + upstream.v1Calls().stream().filter(s -> s.instance().equals(NAMES[VICTIM])).count()
                    + " v1 call(s) in all (see its log)"));
        }
    }

    private long confirmationsBy(String instance) {
        return upstream.v1Calls().stream()
                .filter(s -> s.instance().equals(instance) && s.call().status().equals("action_preview")).count();
    }

    /**
     * The v1 calls the upstream saw more than once, with the instances that made them; a person with more than one
     * dialogue (a first message sent twice); a v1 call in someone else's dialogue.
     */
    private List<String> twiceSeenCalls() {
        List<String> problems = new ArrayList<>();
        upstream.v2Users().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .forEach((user, n) -> {
                    if (n > 1) {
                        problems.add("v2 call (a first message) made " + n + " times for " + user);
                    }
                });
        upstream.v1Calls().stream().filter(s -> !s.call().chatId().startsWith("chat-" + s.call().userId() + "-"))
                .forEach(s -> problems.add("v1 call of " + s.call().userId() + " in another's dialogue: " + s.call()));
        problems.addAll(upstream.v1Calls().stream()
                .collect(Collectors.groupingBy(DialogueUpstream.Seen::call,
                        Collectors.mapping(s -> s.instance() + " at " + seconds(s.nanos()), Collectors.toList())))
                .entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "v1 call made " + e.getValue().size() + " times (by " + e.getValue() + "): " + e.getKey()
                        + people.stream().filter(p -> p.is(e.getKey().userId())).findFirst()
                        .map(p -> "\n      " + p + "\n      " + String.join("\n      ", p.trail)).orElse(""))
                .toList());
        return problems;
    }

    /**
     * Posts every callback acknowledged during the run again to the restarted instance, as the platforms redeliver:
     * each must be acknowledged and dropped, with no answer and no upstream call.
     */
    private List<String> redeliveriesDropped() throws Exception {
        List<String> problems = new ArrayList<>();
        int calls = upstream.calls();
        Map<Person, Integer> answers = people.stream().collect(Collectors.toMap(Function.identity(),
                p -> p.answers().size()));
        for (Person p : people) {
            for (Callback c : p.acknowledged) {
                int status = http.send(c.to(instances[VICTIM]), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    problems.add(p + ": a redelivery was answered HTTP " + status);
                }
            }
        }
        try {
            await("nothing more after the redeliveries").during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> upstream.calls() == calls
                            && people.stream().allMatch(p -> p.answers().size() == answers.get(p)));
        } catch (ConditionTimeoutException e) {
            problems.add("redeliveries after the restart were processed again: upstream calls " + calls + " -> "
                    + upstream.calls() + "; answered again: " + people.stream()
                    .filter(p -> p.answers().size() != answers.get(p)).map(Person::toString).toList());
        }
        return problems;
    }

    /** Fails with the problems, after printing each instance's log tail. */
    private void report(List<String> problems) {
        System.out.println("Last answers: " + people.stream().collect(Collectors.groupingBy(p -> p.last,
                TreeMap::new, Collectors.counting())) + "; v1 calls: " + upstream.v1Calls().size()
                + "; timeline: " + timeline);
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder();
        for (AppProcess app : started) {
            out.append("\n===== ").append(app.log()).append(" (pid ").append(app.pid()).append(app.alive()
                    ? ", running" : ", gone").append("), last lines:\n").append(app.logTail(60)).append('\n');
        }
        System.out.println(out);
        fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems) + "\nTimeline:\n  "
                + String.join("\n  ", timeline));
    }

    private void note(String event) {
        timeline.add(seconds(System.nanoTime()) + " " + event);
    }

    /** A moment as seconds since the people began to talk. */
    private String seconds(long nanos) {
        return String.format("%6.1f s", (nanos - begun) / 1e9);
    }

    private static Properties texts() {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(NothingAcceptedIsLostProcessIT.class
                .getResourceAsStream("/messages.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    /**
     * One person: on WeCom (even numbers) or DingTalk, at home on one instance; asks for an action, and then,
     * depending on the person, stops at the list of actions, at the preview, or confirms.
     */
    private final class Person {
        private final int n;
        private final boolean onWeCom;
        private final int home;
        private final String id;
        private final List<String> script;
        private final List<Callback> acknowledged = new CopyOnWriteArrayList<>();
        /** What happened to this person, for the failure report. */
        private final List<String> trail = new CopyOnWriteArrayList<>();
        private volatile Kind last = Kind.NONE;
        private volatile String problem;

        Person(int n) {
            this.n = n;
            this.onWeCom = n % 2 == 0;
            this.home = (n / 2) % 2;
            this.id = (onWeCom ? "wu" : "du") + String.format("%02d", n);
            List<String> words = List.of("把你好发送到项目群 " + n, "1", "1");
            this.script = words.subList(0, n % 5 == 0 ? 1 : n % 5 == 1 ? 2 : 3);
        }

        /** Whether the upstream's user id (platform, organisation, person) is this person's. */
        boolean is(String upstreamUserId) {
            return upstreamUserId.endsWith(":" + id);
        }

        Kind expected() {
            return List.of(Kind.FOUND, Kind.PREVIEW, Kind.DONE).get(script.size() - 1);
        }

        List<String> answers() {
            return onWeCom ? wecom.sentTo(id) : dingtalk.posted(id);
        }

        void talk() {
            try {
                for (int step = 0; step < script.size(); step++) {
                    int before = answers().size();
                    post(callback(step, script.get(step)), "'" + script.get(step) + "'");
                    try {
                        await().atMost(ANSWER_WAIT).pollInSameThread().pollInterval(Duration.ofMillis(200))
                                .until(() -> answers().size() > before);
                    } catch (ConditionTimeoutException e) {
                        last = Kind.NONE;
                        problem = "no answer to '" + script.get(step) + "' in " + ANSWER_WAIT.toSeconds() + " s";
                        return;
                    }
                    String answer = answers().get(before);
                    last = Kind.of(answer);
                    trail.add(at() + "answer " + last + (last == Kind.OTHER ? ": " + abbreviated(answer) : ""));
                    if (last != List.of(Kind.FOUND, Kind.PREVIEW, Kind.DONE).get(step)) {
                        return;
                    }
                }
            } catch (Exception e) {
                problem = e.toString();
            }
        }

        private Callback callback(int step, String words) {
            long msgId = 1_000_000L + n * 10L + step;
            if (onWeCom) {
                BenchWeCom.Callback c = wecom.text(id, msgId, words);
                return new Callback("/callback/wecom/" + WECOM_BOT, c.query(),
                        Map.of("Content-Type", "text/xml; charset=UTF-8"), c.body());
            }
            String timestamp = Long.toString(System.currentTimeMillis());
            return new Callback("/callback/dingtalk/" + DINGTALK_BOT, null,
                    Map.of("Content-Type", "application/json; charset=utf-8", "timestamp", timestamp,
                            "sign", BenchDingTalk.sign(timestamp, DINGTALK_SECRET)),
                    dingtalk.text("msg-" + msgId, id, words, id).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Posts the callback as the platform does through a load balancer: to the home instance while it is in
         * rotation, else to the other; a callback without a 200 is posted again (the platform retries it).
         */
        private void post(Callback callback, String words) throws InterruptedException {
            List<String> failures = new ArrayList<>();
            for (int attempt = 0; attempt < 6; attempt++) {
                int target = inRotation[home] ? home : 1 - home;
                try {
                    int status = http.send(callback.to(instances[target]), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    trail.add(at() + "posted " + words + " to " + NAMES[target] + ": HTTP " + status);
                    if (status == 200) {
                        acknowledged.add(callback);
                        return;
                    }
                    failures.add(NAMES[target] + ": HTTP " + status);
                } catch (IOException e) {
                    trail.add(at() + "posted " + words + " to " + NAMES[target] + ": " + e);
                    failures.add(NAMES[target] + ": " + e);
                }
            }
            throw new IllegalStateException("callback not acknowledged: " + failures);
        }

        private String at() {
            return seconds(System.nanoTime()) + " ";
        }

        private static String abbreviated(String text) {
            return text.length() <= 400 ? text : text.substring(0, 400) + "…";
        }

        @Override
        public String toString() {
            return id + " (" + (onWeCom ? "WeCom" : "DingTalk") + ", home " + NAMES[home] + ", "
                    + script.size() + " message(s))";
        }
    }
}
