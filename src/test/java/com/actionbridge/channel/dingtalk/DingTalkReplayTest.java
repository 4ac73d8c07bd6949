package com.actionbridge.channel.dingtalk;

import com.actionbridge.ActionBridgeApplication;
import com.actionbridge.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A signed HTTP callback stays valid for the whole signature window (an hour), so the application remembers its
 * delivery id at least that long: a copy replayed half an hour later, with the default settings and the
 * application's clock moved on, is dropped. A configuration that would forget sooner does not start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "actionbridge.upstream.sandbox=true")
@DirtiesContext
class DingTalkReplayTest {

    private static final FakeDingTalk FAKE = FakeDingTalk.start();
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    @TestConfiguration
    static class Parts {
        @Bean
        Clock clock() {
            return CLOCK;
        }

        @Bean
        @Primary
        ScriptedConversations scriptedConversations() {
            return new ScriptedConversations();
        }
    }

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        registry.add("bots[0].id", () -> "ops");
        registry.add("bots[0].platform", () -> "dingtalk");
        registry.add("bots[0].client-id", () -> "client-ops");
        registry.add("bots[0].client-secret", () -> "secret-ops");
        registry.add("bots[0].mode", () -> "http");
        registry.add("bots[0].api-base-url", FAKE::baseUrl);
    }

    @AfterAll
    static void stopFake() throws Exception {
        FAKE.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ScriptedConversations engine;
    @Autowired
    MeterRegistry meters;

    @Test
    void aCallbackReplayedWithinTheSignatureWindowIsDropped() throws Exception {
        String body = DingTalkFixtures.oneToOne("replay-1", "mallory", "我要请假", FAKE.webhookUrl("r"));
        String ts = String.valueOf(CLOCK.millis());
        assertThat(post(body, ts)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.events.size() == 1);

        CLOCK.advance(Duration.ofMinutes(30));
        assertThat(post(body, ts)).as("the signature is still valid").isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(29));
        assertThat(post(body, ts)).isEqualTo(200);
        assertThat(count("duplicate")).isEqualTo(2.0);
        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(post(body, ts)).as("out of the window").isEqualTo(403);
        assertThat(engine.events).hasSize(1);
    }

    @Test
    void aRetentionShorterThanTheSignatureWindowStopsStartUp() {
        SpringApplication app = new SpringApplication(ActionBridgeApplication.class);
        assertThatThrownBy(() -> app.run("--server.port=0", "--actionbridge.dedup.retention=10m"))
                .hasStackTraceContaining("actionbridge.dedup.retention (PT10M) is shorter than "
                        + "actionbridge.dingtalk.signature-window (PT1H)");
    }

    private double count(String outcome) {
        var c = meters.find("actionbridge.callbacks").tag("bot", "ops").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private int post(String body, String ts) throws Exception {
        return DialogueSteps.signedPost(port, "ops", "secret-ops", body, ts);
    }
}
