package com.actionbridge.admin;

import com.actionbridge.action.ActionClient;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnListener;
import com.actionbridge.conversation.TurnRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The admin API (401 / 200 for each endpoint) over the real engine, web chat and embedded sandbox; the admission
 * policies refusing without any upstream call; the console's entry page; actuator health with a component per
 * bot and readiness staying UP while a bot is DOWN; and the Prometheus scrape with every ActionBridge metric.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "actionbridge.upstream.sandbox=true", "actionbridge.admin.token=" + AdminEndpointsTest.TOKEN, "actionbridge.admin.login-failures-per-minute=100",
        "actionbridge.health.upstream-probe-ttl=0s", "actionbridge.rate-limit.per-minute=3",
        "bots[0].id=hr", "bots[0].platform=wecom", "bots[0].name=HR helper", "bots[0].corp-id=ww-test",
        "bots[0].agent-id=1000002", "bots[0].secret=test-secret", "bots[0].token=testtoken",
        "bots[0].aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "bots[0].api-base-url=http://127.0.0.1:9",
        "bots[0].web-chat=true", "bots[1].web-chat=true",
        "bots[1].id=ops", "bots[1].platform=dingtalk", "bots[1].mode=http", "bots[1].client-id=ding-test",
        "bots[1].client-secret=ding-secret", "bots[1].api-base-url=http://127.0.0.1:9",
        "bots[1].allowed-users[0]=web:alice", "bots[1].allowed-users[1]=mallory", "bots[1].upstream.return-amount=5"})
class AdminEndpointsTest {

    static final String TOKEN = "admin-token-for-tests-0123456789";

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

    @MockitoSpyBean
    ActionClient upstream;

    @Autowired
    List<TurnListener> turnListeners;

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    private JsonNode chat(String user, String bot, String text) {
        String json = "{\"user_id\":\"" + user + "\",\"text\":\"" + text + "\""
                + (bot == null ? "" : ",\"bot_id\":\"" + bot + "\"") + "}";
        Http.Response r = http.post("/api/v1/chat", null, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
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
        assertThat(ops.get("allowedUsers").asInt()).isEqualTo(2);
        assertThat(ops.get("upstreamOverrides").asBoolean()).isTrue();
        assertThat(r.body()).doesNotContain("test-secret").doesNotContain("ding-secret").doesNotContain("testtoken");
    }

    @Test
    void sessionsListedWithTheBotFilterAndReset() {
        chat("sess-user", "hr", "我要请假");
        chat("sess-user", null, "我要请假");
        Http.Response r = http.get("/admin/api/sessions?bot=hr&limit=50", TOKEN);
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> list = new java.util.ArrayList<>();
        r.json().forEach(list::add);
        assertThat(list).allSatisfy(n -> assertThat(n.get("botId").asString()).isEqualTo("hr"));
        JsonNode first = list.stream().filter(n -> n.get("personId").asString().equals("web:sess-user")).findFirst()
                .orElseThrow();
        assertThat(first.get("botId").asString()).isEqualTo("hr");
        assertThat(first.get("conversationId").asString()).isEqualTo("web:sess-user");
        assertThat(first.get("personId").asString()).isEqualTo("web:sess-user");
        assertThat(first.get("upstreamUserId").asString()).isEqualTo("web:sess-user");
        assertThat(first.get("status").asString()).isEqualTo("action_preview");
        assertThat(first.get("chatId").asString()).isNotBlank();
        assertThat(first.get("lastActive").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
        assertThat(http.get("/admin/api/sessions", TOKEN).body()).contains("\"hr\"").contains("\"web\"");

        Http.Response deleted = http.delete("/admin/api/sessions?bot=hr&conversation=web%3Asess-user&person=web%3Asess-user",
                TOKEN);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("reset").asBoolean()).isTrue();
        assertThat(http.get("/admin/api/sessions?bot=hr", TOKEN).body()).doesNotContain("sess-user");
        Http.Response again = http.delete("/admin/api/sessions?bot=hr&conversation=web%3Asess-user&person=web%3Asess-user",
                TOKEN);
        assertThat(again.status()).isEqualTo(404);

        Http.Response posted = http.post("/admin/api/sessions/reset", TOKEN,
                "{\"botId\":\"web\",\"conversationId\":\"web:sess-user\",\"personId\":\"web:sess-user\"}");
        assertThat(posted.status()).isEqualTo(200);
        assertThat(http.get("/admin/api/sessions?bot=web", TOKEN).body()).doesNotContain("sess-user");
        assertThat(http.post("/admin/api/sessions/reset", TOKEN, "{\"botId\":\"web\"}").status()).isEqualTo(400);
    }

    @Test
    void rateLimitAnswersPolitelyWithoutCallingTheUpstream() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(chat("speedy", null, "今天天气怎么样").get("replies").get(0).get("status").asString())
                    .isEqualTo("action_not_found");
        }
        JsonNode refused = chat("speedy", null, "今天天气怎么样").get("replies");
        assertThat(refused.size()).isEqualTo(1);
        assertThat(refused.get(0).get("status").asString()).isEqualTo("notice");
        assertThat(refused.get(0).get("title").asString()).isEqualTo("请稍等片刻");
        assertThat(refused.get(0).get("buttons").size()).isZero();
        verify(upstream, times(3)).startDialogue(any(), eq("web:speedy"), anyString());
        assertThat(http.get("/actuator/prometheus", null).body())
                .contains("actionbridge_admission_refused_total{bot=\"web\",reason=\"rate_limit\"} 1.0")
                .contains("actionbridge_callbacks_total{bot=\"web\",outcome=\"rate_limited\",platform=\"web\"} 1.0");
    }

    @Test
    void allowListRefusesOthersWithoutCallingTheUpstream() throws Exception {
        // "mallory" on the list is a DingTalk staffId: a web user claiming that id is someone else (web:mallory).
        JsonNode refused = chat("mallory", "ops", "我要请假").get("replies");
        assertThat(refused.get(0).get("title").asString()).isEqualTo("暂时无法使用");
        verify(upstream, never()).startDialogue(any(), eq("web:mallory"), anyString());
        JsonNode allowed = chat("alice", "ops", "我要请假").get("replies");
        assertThat(allowed.get(0).get("status").asString()).isEqualTo("action_preview");
        verify(upstream, atLeastOnce()).startDialogue(any(), eq("web:alice"), anyString());
        assertThat(http.get("/admin/api/turns?bot=ops", TOKEN).body()).contains("mallory").contains("alice");
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
        chat("overview-user", null, "我要请假");
        JsonNode o = http.get("/admin/api/overview", TOKEN).json();
        assertThat(o.get("sessions").asLong()).isPositive();
        assertThat(o.get("engine").get("queued").asInt()).isZero();
        assertThat(o.get("engine").has("rejected")).isTrue();
        assertThat(o.get("upstream").get("reachable").asBoolean()).isTrue();
        assertThat(o.get("upstream").get("sandbox").asBoolean()).isTrue();
        assertThat(o.get("rateLimitPerMinute").asInt()).isEqualTo(3);
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
    void healthHasAComponentPerBotForTheAdminAndProbesStayUp() {
        Http.Response anonymous = http.get("/actuator/health", null);
        assertThat(anonymous.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(anonymous.json().has("components")).as("status only without the admin token").isFalse();
        assertThat(anonymous.body()).doesNotContain("hr").doesNotContain("127.0.0.1").doesNotContain("lastError");
        assertThat(http.get("/actuator/health", "wrong-token-but-long-enough").json().has("components")).isFalse();

        Http.Response health = http.get("/actuator/health", TOKEN);
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
    void onlyHealthInfoAndPrometheusAreExposed() {
        assertThat(http.get("/actuator/env", null).status()).isEqualTo(404);
        assertThat(http.get("/actuator/beans", null).status()).isEqualTo(404);
        assertThat(http.get("/actuator/info", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusHasEveryActionBridgeMetric() {
        chat("metrics-user", "hr", "今天天气怎么样");
        turnListeners.forEach(l -> l.onTurn(new TurnRecord(Instant.now(), new SessionKey("hr", "c", "dave"), null,
                "action_done", Duration.ofMillis(250), null)));
        String scrape = http.get("/actuator/prometheus", null).body();
        assertThat(scrape)
                .contains("actionbridge_turns_total{bot=\"hr\",status=\"action_done\"} 1.0")
                .contains("actionbridge_turns_total{bot=\"hr\",status=\"action_not_found\"}")
                .contains("actionbridge_upstream_latency_seconds_bucket{bot=\"hr\"")
                .contains("actionbridge_upstream_latency_seconds_count{bot=\"hr\"}")
                .contains("actionbridge_sessions_live ")
                .contains("actionbridge_engine_queued 0.0")
                .contains("actionbridge_engine_running ")
                .contains("actionbridge_engine_rejected_total 0.0");
        assertThat(scrape).doesNotContain("actionbridge_sessions_live NaN");
    }
}
