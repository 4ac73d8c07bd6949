package com.actionbridge.admin;

import com.actionbridge.channel.wecom.FakeWeComApi;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.deploy.DeployFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import javax.tools.ToolProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as the deployment files run it: /actuator on a separate management port (as
 * MANAGEMENT_SERVER_PORT does in the image, Compose, Kubernetes and systemd). The probe paths the manifests name
 * answer there and nowhere else, the image's health check class tells ready from not, and every metric the alert
 * rules and the dashboard query is exported.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "management.server.address=127.0.0.1",
        "actionbridge.rate-limit.per-minute=1", "actionbridge.upstream.sandbox=true"})
class OperationsEndpointsTest {

    /** The healthy bot's WeCom API: its credentials are checked by fetching a token. */
    static final FakeWeComApi WECOM = FakeWeComApi.start();

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        // One property source for the whole list: Boot binds an indexed list from a single source.
        Map.of("bots[0].id", "good", "bots[0].platform", "wecom", "bots[0].corp-id", "ww-good",
                "bots[0].agent-id", "1000002", "bots[0].secret", "good-secret", "bots[0].token", "goodtoken",
                "bots[0].aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
                .forEach((k, v) -> registry.add(k, () -> v));
        Map.of("bots[1].id", "bad", "bots[1].platform", "dingtalk", "bots[1].mode", "stream",
                "bots[1].client-id", "bad-client", "bots[1].client-secret", "bad-secret",
                "bots[1].api-base-url", "http://127.0.0.1:9").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("bots[0].api-base-url", WECOM::baseUrl);
    }

    @AfterAll
    static void stopFake() {
        WECOM.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @TempDir
    Path tmp;

    @Autowired
    BotRegistry registry;

    @Test
    void probesAnswerOnTheManagementPortOnly() {
        Http app = new Http(port);
        Http management = new Http(managementPort);
        assertThat(managementPort).isNotEqualTo(port);
        for (String probe : List.of(DeployFiles.LIVENESS, DeployFiles.READINESS)) {
            Http.Response answer = management.get(probe, null);
            assertThat(answer.status()).as(probe).isEqualTo(200);
            assertThat(answer.json().get("status").asString()).isEqualTo("UP");
            assertThat(app.get(probe, null).status()).as(probe + " on the public port").isEqualTo(404);
        }
        assertThat(app.get("/actuator/prometheus", null).status()).isEqualTo(404);
        assertThat(app.get("/actuator/health", null).status()).isEqualTo(404);
        assertThat(management.get("/actuator/prometheus", null).status()).isEqualTo(200);
    }

    @Test
    void theImagesHealthCheckPassesOnReadinessAndFailsOtherwise() throws Exception {
        Path classes = tmp.resolve("classes");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "21", "-d",
                classes.toString(), DeployFiles.HEALTH_CHECK.toString());
        assertThat(compiled).isZero();
        assertThat(healthCheck(classes, managementPort, DeployFiles.READINESS)).isZero();
        // The overall health is DOWN (the bad bot), the public port has no actuator: both fail the check.
        assertThat(healthCheck(classes, managementPort, "/actuator/health")).isEqualTo(1);
        assertThat(healthCheck(classes, port, DeployFiles.READINESS)).isEqualTo(1);
    }

    private int healthCheck(Path classes, int managementPort, String path) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classes.toString(), "HealthCheck", path)
                .redirectErrorStream(true);
        pb.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void everyMetricOfTheAlertRulesAndTheDashboardIsExported() {
        Http app = new Http(port);
        Http management = new Http(managementPort);
        // A turn (turns, upstream latency), then one over the rate limit (admission refused, callbacks).
        assertThat(app.post("/api/v1/chat", null, "{\"user_id\":\"ops\",\"text\":\"我要请假\"}").status())
                .isEqualTo(200);
        assertThat(app.post("/api/v1/chat", null, "{\"user_id\":\"ops\",\"text\":\"again\"}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = management.get("/actuator/prometheus", null).body();
            assertThat(value(scrape, "actionbridge_bot_up{bot=\"good\",platform=\"wecom\"}")).isEqualTo(1.0);
            assertThat(value(scrape, "actionbridge_bot_up{bot=\"bad\",platform=\"dingtalk\"}")).isEqualTo(0.0);
        });
        String scrape = management.get("/actuator/prometheus", null).body();
        assertThat(value(scrape, "actionbridge_health_up{component=\"bots\"}")).isEqualTo(0.0);
        assertThat(value(scrape, "actionbridge_health_up{component=\"ping\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "actionbridge_admission_refused_total{bot=\"web\",reason=\"rate_limit\"}"))
                .isEqualTo(1.0);

        Set<String> exported = new LinkedHashSet<>();
        Matcher names = Pattern.compile("(?m)^([a-z_][a-z0-9_]*)[{ ]").matcher(scrape);
        while (names.find()) {
            exported.add(names.group(1));
        }
        Set<String> used = new LinkedHashSet<>();
        DeployFiles.alertExpressions().values().forEach(e -> used.addAll(DeployFiles.metricNames(e)));
        DeployFiles.dashboardExpressions().forEach(e -> used.addAll(DeployFiles.metricNames(e)));
        assertThat(used).contains("actionbridge_bot_up", "actionbridge_turns_total",
                "actionbridge_upstream_latency_seconds_bucket", "actionbridge_callbacks_total",
                "actionbridge_engine_rejected_total", "actionbridge_health_up");
        assertThat(exported).containsAll(used);
    }

    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void theBotRowsFollowAReplacedBotsList() {
        Http management = new Http(managementPort);
        String bad = "actionbridge_bot_up{bot=\"bad\",platform=\"dingtalk\"}";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(value(management.get("/actuator/prometheus", null).body(), bad)).isEqualTo(0.0));
        registry.replace(registry.all().stream().filter(bot -> bot.id().equals("good")).toList());
        String scrape = management.get("/actuator/prometheus", null).body();
        assertThat(value(scrape, "actionbridge_bot_up{bot=\"good\",platform=\"wecom\"}")).isEqualTo(1.0);
        assertThat(scrape).doesNotContain("actionbridge_bot_up{bot=\"bad\"");
    }

    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError(series + " not in the scrape");
    }
}
