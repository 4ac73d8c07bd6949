package com.actionbridge.testsupport;

import com.actionbridge.ActionBridgeApplication;
import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.HttpActionClient;
import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.sandbox.SandboxToken;
import com.actionbridge.store.InstanceId;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two whole applications, A and B, on their own random ports and sharing one real Redis (the Redis store), as two
 * instances behind a load balancer. Both talk to one upstream, A's embedded sandbox, through the real HTTP client;
 * every upstream call of either is recorded here with the instance that made it and when it started and ended.
 * The bots come from a YAML file both read, so a reload has something to re-read.
 */
public final class TwoInstances implements AutoCloseable {

    public static final String ADMIN_TOKEN = "two-instances-admin-token-0123456789";

    /** One upstream call as the upstream saw it. */
    public record Call(String instance, String userId, String content, long startNanos, long endNanos) {
    }

    /** Every upstream call of both instances, in the order they started. */
    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    /** Upstream calls of these user ids wait for their latch before going out. */
    public static final Map<String, CountDownLatch> HOLDS = new ConcurrentHashMap<>();

    public final ConfigurableApplicationContext a;
    public final ConfigurableApplicationContext b;
    private final Path botsFile;

    private TwoInstances(ConfigurableApplicationContext a, ConfigurableApplicationContext b, Path botsFile) {
        this.a = a;
        this.b = b;
        this.botsFile = botsFile;
    }

    /** Starts A, then B with A's sandbox as its upstream; {@code botsYaml} is the {@code bots:} file both read. */
    public static TwoInstances start(RedisServer redis, String botsYaml, String... properties) {
        Path file = Path.of("target", "two-instances-" + System.nanoTime(), "bots.yml");
        write(file, botsYaml);
        List<String> common = new ArrayList<>(List.of(redis.applicationProperties()));
        common.addAll(List.of("server.port=0", "actionbridge.admin.token=" + ADMIN_TOKEN,
                "spring.config.import=optional:file:" + file.toAbsolutePath(),
                "actionbridge.redis.key-prefix=two-" + System.nanoTime() + ":"));
        common.addAll(List.of(properties));
        ConfigurableApplicationContext a = run(common, "actionbridge.upstream.base-url=", "actionbridge.upstream.sandbox=true",
                "actionbridge.instance-id=A");
        String sandbox = "http://127.0.0.1:" + port(a) + "/sandbox";
        ConfigurableApplicationContext b = run(common, "actionbridge.upstream.base-url=" + sandbox,
                "actionbridge.upstream.token=" + a.getBean(SandboxToken.class).value(), "actionbridge.instance-id=B");
        return new TwoInstances(a, b, file);
    }

    private static ConfigurableApplicationContext run(List<String> common, String... own) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(own));
        return new SpringApplicationBuilder(ActionBridgeApplication.class, RecordingUpstream.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("onlyTheApplication",
                        new OnlyTheApplication()))
                .run(all.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public int portA() {
        return port(a);
    }

    public int portB() {
        return port(b);
    }

    /** Replaces the bots file both instances read. */
    public void writeBots(String botsYaml) {
        write(botsFile, botsYaml);
    }

    public static List<Call> callsOf(String userId) {
        return CALLS.stream().filter(c -> c.userId().equals(userId)).toList();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }

    /** Component scanning sees the application's classes only, not the test classes (other tests' beans). */
    static final class OnlyTheApplication extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }
    }

    /** Puts the recording client in front of the real one, in each instance. */
    @TestConfiguration(proxyBeanMethods = false)
    static class RecordingUpstream {
        @Bean
        @Primary
        ActionClient recordingActionClient(HttpActionClient real, InstanceId instance) {
            return new ActionClient() {
                @Override
                public ActionResult startDialogue(UpstreamProfile profile, String userId, String content)
                        throws ActionException {
                    long start = hold(userId);
                    try {
                        return real.startDialogue(profile, userId, content);
                    } finally {
                        CALLS.add(new Call(instance.get(), userId, content, start, System.nanoTime()));
                    }
                }

                @Override
                public ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException {
                    long start = hold(request.userId());
                    try {
                        return real.answer(profile, request);
                    } finally {
                        CALLS.add(new Call(instance.get(), request.userId(), request.content(), start,
                                System.nanoTime()));
                    }
                }
            };
        }

        /** Marks the call started (visible to the test at once), then waits while the user is held. */
        private static long hold(String userId) {
            long start = System.nanoTime();
            CountDownLatch latch = HOLDS.get(userId);
            if (latch != null) {
                STARTED.add(userId);
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return start;
        }
    }

    /** User ids of held calls that have started, one entry per call. */
    public static final List<String> STARTED = new CopyOnWriteArrayList<>();
}
