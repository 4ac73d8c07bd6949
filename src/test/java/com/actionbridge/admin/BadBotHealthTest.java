package com.actionbridge.admin;

import com.actionbridge.channel.wecom.FakeWeComApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the real channels: a DingTalk stream bot whose gateway refuses connections is DOWN in its own health
 * component, next to a healthy WeCom bot, while liveness and readiness stay UP and the web chat keeps working.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"actionbridge.upstream.sandbox=true", "actionbridge.admin.token=" + BadBotHealthTest.TOKEN})
class BadBotHealthTest {

    static final String TOKEN = "bad-bot-health-token-0123456789";
    static final FakeWeComApi WECOM = FakeWeComApi.start();

    @DynamicPropertySource
    static void wecom(DynamicPropertyRegistry registry) {
        registry.add("bots[0].id", () -> "good");
        registry.add("bots[0].platform", () -> "wecom");
        registry.add("bots[0].corp-id", () -> "ww-good");
        registry.add("bots[0].agent-id", () -> "1000002");
        registry.add("bots[0].secret", () -> "good-secret");
        registry.add("bots[0].token", () -> "goodtoken");
        registry.add("bots[0].aes-key", () -> "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        registry.add("bots[1].id", () -> "bad");
        registry.add("bots[1].platform", () -> "dingtalk");
        registry.add("bots[1].mode", () -> "stream");
        registry.add("bots[1].client-id", () -> "bad-client");
        registry.add("bots[1].client-secret", () -> "bad-secret");
        registry.add("bots[1].api-base-url", () -> "http://127.0.0.1:9");
        registry.add("bots[0].api-base-url", WECOM::baseUrl);
    }

    @AfterAll
    static void stopFake() {
        WECOM.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void oneBadBotDoesNotTakeTheApplicationOffline() {
        Http http = new Http(port);
        JsonNode bots = http.get("/actuator/health", TOKEN).json().get("components").get("bots").get("components");
        assertThat(bots.get("good").get("status").asString()).isEqualTo("UP");
        assertThat(bots.get("bad").get("status").asString()).isEqualTo("DOWN");
        assertThat(bots.get("bad").get("details").get("connected").asBoolean()).isFalse();
        assertThat(bots.get("bad").get("details").get("mode").asString()).isEqualTo("stream");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.get("/admin/api/bots", TOKEN).json().get(1).get("connection").get("lastError")
                        .asString()).isNotBlank());
        assertThat(http.get("/actuator/health", null).status()).isEqualTo(503);
        assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(http.get("/actuator/health", TOKEN).body()).doesNotContain("bad-secret").doesNotContain("good-secret");

        Http.Response chat = http.post("/api/v1/chat", null, "{\"user_id\":\"still-up\",\"text\":\"我要请假\"}");
        assertThat(chat.status()).isEqualTo(200);
        assertThat(chat.json().get("replies").get(0).get("status").asString()).isEqualTo("action_preview");
    }

    @Test
    void gracefulShutdownIsConfigured() {
        assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("30s");
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
    }
}
