package com.actionbridge.admin;

import com.actionbridge.channel.wecom.FakeWeComApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WeCom bot whose secret WeCom refuses is DOWN in health and the console from start-up, with the errcode and a
 * hint, before anyone writes to it; a bot with good credentials next to it is UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"actionbridge.upstream.sandbox=true", "actionbridge.admin.token=" + WeComCredentialHealthTest.TOKEN})
class WeComCredentialHealthTest {

    static final String TOKEN = "wecom-credential-health-token-0123";
    static final FakeWeComApi WECOM = FakeWeComApi.start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void wecom(DynamicPropertyRegistry registry) {
        registry.add("bots[0].id", () -> "good");
        registry.add("bots[0].platform", () -> "wecom");
        registry.add("bots[0].corp-id", () -> "ww-corp");
        registry.add("bots[0].agent-id", () -> "1000002");
        registry.add("bots[0].secret", () -> "good-secret-1");
        registry.add("bots[0].token", () -> "goodtoken");
        registry.add("bots[0].aes-key", () -> "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        registry.add("bots[1].id", () -> "wrong");
        registry.add("bots[1].platform", () -> "wecom");
        registry.add("bots[1].corp-id", () -> "ww-corp");
        registry.add("bots[1].agent-id", () -> "1000003");
        registry.add("bots[1].secret", () -> "mistyped-secret-2");
        registry.add("bots[1].token", () -> "goodtoken");
        registry.add("bots[1].aes-key", () -> "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        WECOM.requireCredentials("ww-corp", "good-secret-1");
        registry.add("bots[0].api-base-url", WECOM::baseUrl);
        registry.add("bots[1].api-base-url", WECOM::baseUrl);
    }

    @AfterAll
    static void stopFake() {
        WECOM.close();
    }

    @Test
    void aRefusedSecretIsDownWithTheErrcodeAndAHintWhileTheGoodBotIsUp() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            // Details are for the admin only.
            JsonNode bots = http.get("/actuator/health", TOKEN).json().get("components").get("bots").get("components");
            assertThat(bots.get("wrong").get("status").asString()).isEqualTo("DOWN");
            assertThat(bots.get("wrong").get("details").get("lastError").asString())
                    .contains("errcode 40001").contains("secret is wrong");
            assertThat(bots.get("good").get("status").asString()).isEqualTo("UP");
        });
        JsonNode consoleBots = http.get("/admin/api/bots", TOKEN).json();
        assertThat(consoleBots.toString()).contains("errcode 40001").doesNotContain("mistyped-secret-2")
                .doesNotContain("good-secret-1");
        assertThat(http.get("/actuator/health", TOKEN).body()).doesNotContain("mistyped-secret-2");
    }
}
