package com.actionbridge.admin;

import com.actionbridge.action.UpstreamLocation;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.conversation.EngineLoad;
import com.actionbridge.conversation.SessionDirectory;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.SessionSummary;
import com.actionbridge.conversation.TurnListener;
import com.actionbridge.conversation.TurnRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The admin API (401 / 200 for each endpoint), the console's entry page, actuator health with a component per
 * bot and readiness staying UP while a bot is DOWN, and the Prometheus scrape with every ActionBridge metric.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "actionbridge.admin.token=" + AdminEndpointsTest.TOKEN,
        "actionbridge.health.upstream-probe-ttl=0s",
        "bots[0].id=hr", "bots[0].platform=wecom", "bots[0].name=HR helper", "bots[0].corp-id=ww-test",
        "bots[0].agent-id=1000002", "bots[0].secret=test-secret", "bots[0].token=testtoken",
        "bots[0].aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "bots[0].api-base-url=http://127.0.0.1:9",
        "bots[1].id=ops", "bots[1].platform=dingtalk", "bots[1].mode=http", "bots[1].client-id=ding-test",
        "bots[1].client-secret=ding-secret", "bots[1].api-base-url=http://127.0.0.1:9",
        "bots[1].allowed-users[0]=alice", "bots[1].upstream.return-amount=5"})
class AdminEndpointsTest {

    static final String TOKEN = "admin-token-for-tests-0123456789";

    /** Something that accepts TCP connections, standing in for the upstream. */
    private static final ServerSocket UPSTREAM = openServerSocket();

    @TestConfiguration(proxyBeanMethods = false)
    static class Connections {
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        BotConnectionSource testConnections() {
            return botId -> switch (botId) {
                case "hr" -> Optional.of(new BotConnection("hr", true, Instant.parse("2026-01-01T00:00:00Z"), 0,
                        null, "http callback"));
                case "ops" -> Optional.of(new BotConnection("ops", false, null, 3, "connection refused",
                        "http callback"));
                default -> Optional.empty();
            };
        }
    }

    @MockitoBean
    SessionDirectory sessions;

    @MockitoBean
    EngineLoad engineLoad;

    @MockitoBean
    UpstreamLocation upstreamLocation;

    @Autowired
    List<TurnListener> turnListeners;

    @Autowired
    RateLimitPolicy rateLimit;

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        when(upstreamLocation.baseUrl()).thenReturn(URI.create("http://127.0.0.1:" + UPSTREAM.getLocalPort()));
        when(upstreamLocation.sandbox()).thenReturn(false);
    }

    @AfterAll
    static void closeUpstream() throws IOException {
        UPSTREAM.close();
    }

    private static ServerSocket openServerSocket() {
        try {
            return new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void apiRefusesMissingOrWrongTokens() {
        for (String path : List.of("/admin/api/bots", "/admin/api/sessions", "/admin/api/turns", "/admin/api/overview")) {
            Http.Response none = http.raw(path, null);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(http.raw(path, "Bearer wrong-token").status()).isEqualTo(401);
            assertThat(http.raw(path, "Bearer " + TOKEN + "x").status()).isEqualTo(401);
            assertThat(http.raw(path, "Basic " + TOKEN).status()).isEqualTo(401);
            assertThat(http.raw(path, "Bearer").status()).isEqualTo(401);
        }
        assertThat(http.post("/admin/api/reload", null, "").status()).isEqualTo(401);
        assertThat(http.delete("/admin/api/sessions?bot=a&conversation=b&person=c", "nope").status()).isEqualTo(401);
    }

    @Test
    void botsWithTheirStateAndHealth() {
        Http.Response r = http.get("/admin/api/bots", TOKEN);
        assertThat(r.status()).isEqualTo(200);
        JsonNode bots = r.json();
        assertThat(bots.size()).isEqualTo(2);
        JsonNode hr = bots.get(0);
        assertThat(hr.get("id").asString()).isEqualTo("hr");
        assertThat(hr.get("platform").asString()).isEqualTo("wecom");
        assertThat(hr.get("name").asString()).isEqualTo("HR helper");
        assertThat(hr.get("mode").asString()).isEqualTo("callback");
        assertThat(hr.get("connection").get("connected").asBoolean()).isTrue();
        assertThat(hr.get("health").asString()).isEqualTo("UP");
        JsonNode ops = bots.get(1);
        assertThat(ops.get("mode").asString()).isEqualTo("http");
        assertThat(ops.get("health").asString()).isEqualTo("DOWN");
        assertThat(ops.get("connection").get("lastError").asString()).isEqualTo("connection refused");
        assertThat(ops.get("allowedUsers").asInt()).isEqualTo(1);
        assertThat(ops.get("upstreamOverrides").asBoolean()).isTrue();
        assertThat(r.body()).doesNotContain("test-secret").doesNotContain("ding-secret").doesNotContain("testtoken");
    }

    @Test
    void sessionsListedWithTheBotFilter() {
        SessionKey key = new SessionKey("hr", "chat-1", "alice");
        when(sessions.list(eq("hr"), anyInt())).thenReturn(List.of(new SessionSummary(key, "wecom:ww-test:alice",
                "chat-99", "action_found", "select", Instant.parse("2026-01-01T10:00:00Z"))));
        Http.Response r = http.get("/admin/api/sessions?bot=hr&limit=5", TOKEN);
        assertThat(r.status()).isEqualTo(200);
        JsonNode first = r.json().get(0);
        assertThat(first.get("botId").asString()).isEqualTo("hr");
        assertThat(first.get("conversationId").asString()).isEqualTo("chat-1");
        assertThat(first.get("personId").asString()).isEqualTo("alice");
        assertThat(first.get("chatId").asString()).isEqualTo("chat-99");
        assertThat(first.get("status").asString()).isEqualTo("action_found");
        assertThat(first.get("lastActive").asString()).startsWith("2026-01-01T10:00");
        verify(sessions).list("hr", 5);

        when(sessions.list(isNull(), anyInt())).thenReturn(List.of());
        assertThat(http.get("/admin/api/sessions", TOKEN).json().size()).isZero();
        verify(sessions).list(null, 100);
    }

    @Test
    void resetOneSession() {
        SessionKey key = new SessionKey("ops", "cid+a/b==", "alice");
        when(sessions.reset(key)).thenReturn(true);
        Http.Response deleted = http.delete("/admin/api/sessions?bot=ops&conversation=cid%2Ba%2Fb%3D%3D&person=alice",
                TOKEN);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("reset").asBoolean()).isTrue();
        verify(sessions).reset(key);

        Http.Response posted = http.post("/admin/api/sessions/reset", TOKEN,
                "{\"botId\":\"ops\",\"conversationId\":\"cid+a/b==\",\"personId\":\"alice\"}");
        assertThat(posted.status()).isEqualTo(200);

        when(sessions.reset(new SessionKey("ops", "gone", "bob"))).thenReturn(false);
        Http.Response missing = http.post("/admin/api/sessions/reset", TOKEN,
                "{\"botId\":\"ops\",\"conversationId\":\"gone\",\"personId\":\"bob\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(http.post("/admin/api/sessions/reset", TOKEN, "{\"botId\":\"ops\"}").status()).isEqualTo(400);
    }

    @Test
    void recentTurnsPerBotWithoutText() {
        SessionKey key = new SessionKey("hr", "chat-t", "carol");
        turnListeners.forEach(l -> l.onTurn(new TurnRecord(Instant.now(), key, "把你好发送到企业微信群机器人",
                "action_found", Duration.ofMillis(120), null)));
        turnListeners.forEach(l -> l.onTurn(new TurnRecord(Instant.now(), key, null, "upstream_error",
                Duration.ofMillis(30), "read timeout")));
        Http.Response r = http.get("/admin/api/turns?bot=hr", TOKEN);
        assertThat(r.status()).isEqualTo(200);
        JsonNode newest = r.json().get(0);
        assertThat(newest.get("personId").asString()).isEqualTo("carol");
        assertThat(newest.get("status").asString()).isEqualTo("upstream_error");
        assertThat(newest.get("error").asString()).isEqualTo("read timeout");
        assertThat(newest.get("latencyMs").asLong()).isEqualTo(30);
        assertThat(r.body()).contains("action_found").doesNotContain("企业微信群机器人");
        assertThat(http.get("/admin/api/turns?bot=ops", TOKEN).json().size()).isZero();
    }

    @Test
    void overview() {
        when(sessions.count()).thenReturn(7L);
        when(engineLoad.queued()).thenReturn(2);
        when(engineLoad.rejected()).thenReturn(1L);
        JsonNode o = http.get("/admin/api/overview", TOKEN).json();
        assertThat(o.get("sessions").asLong()).isEqualTo(7);
        assertThat(o.get("engine").get("queued").asInt()).isEqualTo(2);
        assertThat(o.get("upstream").get("reachable").asBoolean()).isTrue();
        assertThat(o.get("rateLimitPerMinute").asInt()).isEqualTo(20);
        assertThat(o.get("bots").asInt()).isEqualTo(2);
    }

    @Test
    void consoleIsServedWithoutTokenButLockedDown() {
        Http.Response redirect = http.raw("/admin", null);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).endsWith("/admin/");
        Http.Response page = http.raw("/admin/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("ActionBridge");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(http.raw("/admin/admin.js", null).status()).isEqualTo(200);
    }

    @Test
    void healthHasAComponentPerBotAndProbesStayUp() {
        Http.Response health = http.get("/actuator/health", null);
        JsonNode bots = health.json().get("components").get("bots").get("components");
        assertThat(bots.get("hr").get("status").asString()).isEqualTo("UP");
        assertThat(bots.get("hr").get("details").get("upstreamReachable").asBoolean()).isTrue();
        assertThat(bots.get("ops").get("status").asString()).isEqualTo("DOWN");
        assertThat(bots.get("ops").get("details").get("lastError").asString()).isEqualTo("connection refused");
        assertThat(bots.get("ops").get("details").get("reconnects").asInt()).isEqualTo(3);
        assertThat(health.body()).doesNotContain("ding-secret").doesNotContain("test-secret");

        Http.Response readiness = http.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.body()).doesNotContain("bots");
        Http.Response liveness = http.get("/actuator/health/liveness", null);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void unreachableUpstreamMarksBotsDown() {
        when(upstreamLocation.baseUrl()).thenReturn(URI.create("http://127.0.0.1:" + closedPort()));
        JsonNode hr = http.get("/actuator/health", null).json().get("components").get("bots").get("components")
                .get("hr");
        assertThat(hr.get("status").asString()).isEqualTo("DOWN");
        assertThat(hr.get("details").get("upstreamReachable").asBoolean()).isFalse();
        assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() {
        assertThat(http.get("/actuator/env", null).status()).isEqualTo(404);
        assertThat(http.get("/actuator/beans", null).status()).isEqualTo(404);
        assertThat(http.get("/actuator/info", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusHasEveryActionBridgeMetric() {
        when(sessions.count()).thenReturn(4L);
        when(engineLoad.running()).thenReturn(1);
        when(engineLoad.rejected()).thenReturn(6L);
        turnListeners.forEach(l -> l.onTurn(new TurnRecord(Instant.now(), new SessionKey("hr", "c", "dave"), null,
                "action_done", Duration.ofMillis(250), null)));
        // a refused event records its outcome
        var refusals = new com.actionbridge.conversation.UserText(new com.actionbridge.conversation.Origin(
                new SessionKey("ops", "c", "mallory"), "dingtalk:corp:mallory"), "hi");
        for (int i = 0; i <= 20; i++) {
            rateLimit.refuse(refusals);
        }
        String scrape = http.get("/actuator/prometheus", null).body();
        assertThat(scrape)
                .contains("actionbridge_turns_total{bot=\"hr\",status=\"action_done\"}")
                .contains("actionbridge_upstream_latency_seconds_bucket{bot=\"hr\"")
                .contains("actionbridge_upstream_latency_seconds_count{bot=\"hr\"}")
                .contains("actionbridge_callbacks_total{bot=\"ops\",outcome=\"rate_limited\",platform=\"dingtalk\"}")
                .contains("actionbridge_admission_refused_total{bot=\"ops\",reason=\"rate_limit\"}")
                .contains("actionbridge_sessions_live 4.0")
                .contains("actionbridge_engine_queued")
                .contains("actionbridge_engine_running 1.0")
                .contains("actionbridge_engine_rejected_total 6.0");
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
