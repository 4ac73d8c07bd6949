package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.testsupport.RedisServer;
import com.actionbridge.testsupport.TwoInstances;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static com.actionbridge.channel.wecom.FakeWeComApi.GET_TOKEN;
import static com.actionbridge.channel.wecom.FakeWeComApi.SEND;
import static com.actionbridge.channel.wecom.WeComCallbackClient.CORP_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances behind a load balancer, sharing one real Redis: WeCom's callbacks, retries and clicks land on
 * either, and they behave as one application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeComTwoInstancesTest {

    static final FakeWeComApi API = FakeWeComApi.start();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static RedisServer redis;
    static TwoInstances app;
    static WeComCallbackClient toA;
    static WeComCallbackClient toB;

    static String bots(String... extraIds) {
        return bots(API, extraIds);
    }

    /** The {@code bots:} file of WeCom bots on the given fake WeCom API. */
    static String bots(FakeWeComApi api, String... extraIds) {
        StringBuilder yaml = new StringBuilder("bots:\n");
        for (String id : concat("ops", extraIds)) {
            yaml.append("""
                      - id: %s
                        platform: wecom
                        corp-id: %s
                        agent-id: %d
                        secret: app-secret-value
                        token: %s
                        aes-key: %s
                        api-base-url: %s
                    """.formatted(id, CORP_ID, WeComCallbackClient.AGENT_ID, WeComCallbackClient.TOKEN,
                    WeComCallbackClient.AES_KEY, api.baseUrl()));
        }
        return yaml.toString();
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(rest))
                .toList();
    }

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        // 21 messages of one person posted back to back must meet the shared rate limit, not the per-person queue
        // bound ("slow down" past 5 waiting), which a slow, loaded machine would otherwise reach first.
        app = TwoInstances.start(redis, bots(), "actionbridge.engine.per-session-queue=25");
        toA = new WeComCallbackClient(app.portA());
        toB = new WeComCallbackClient(app.portB());
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
        API.close();
    }

    static String upstreamUser(String userId) {
        return "wecom:" + CORP_ID + ":" + userId;
    }

    static List<JsonObject> sendsTo(String userId) {
        return sendsTo(API, userId);
    }

    static List<JsonObject> sendsTo(FakeWeComApi api, String userId) {
        return api.requests(SEND).stream().map(FakeWeComApi.Request::json)
                .filter(j -> j.get("touser").getAsString().equals(userId)).toList();
    }

    /** The {@code n}-th template card sent to the person (0-based), once it is there. */
    static JsonObject card(String userId, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> cards(userId).size() > n);
        return cards(userId).get(n).getAsJsonObject("template_card");
    }

    static List<JsonObject> cards(String userId) {
        return sendsTo(userId).stream().filter(j -> j.get("msgtype").getAsString().equals("template_card")).toList();
    }

    static String click(String userId, JsonObject card, int button, String responseCode) {
        JsonArray buttons = card.getAsJsonArray("button_list");
        return WeComCallbackClient.click(userId, card.get("task_id").getAsString(),
                buttons.get(button).getAsJsonObject().get("key").getAsString(), responseCode);
    }

    @Test
    @Order(1)
    void aDialogueWhoseClicksGoToTheOtherInstanceReachesTheResult() throws Exception {
        assertThat(toA.post("ops", WeComCallbackClient.text("alice", 7001, "把你好发送到企业微信群机器人"))
                .statusCode()).isEqualTo(200);
        JsonObject actions = card("alice", 0);
        assertThat(toB.post("ops", click("alice", actions, 0, "rc-1")).statusCode()).isEqualTo(200);
        JsonObject accounts = card("alice", 1);
        assertThat(accounts.toString()).contains("AI-action测试1");
        assertThat(toA.post("ops", click("alice", accounts, 0, "rc-2")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo("alice").stream()
                .anyMatch(j -> j.toString().contains("执行成功")));
        assertThat(TwoInstances.callsOf(upstreamUser("alice"))).extracting(TwoInstances.Call::instance)
                .containsExactly("A", "B", "A");
        assertThat(API.requests(GET_TOKEN)).as("one access token for both instances, kept in Redis").hasSize(1);

        JsonNode turns = JSON.readTree(get(app.portB(), "/admin/api/turns?bot=ops", TwoInstances.ADMIN_TOKEN).body());
        assertThat(turns.findValuesAsString("instance")).contains("A", "B");
        JsonNode sessions = JSON.readTree(get(app.portB(), "/admin/api/sessions?bot=ops", TwoInstances.ADMIN_TOKEN)
                .body());
        assertThat(sessions.findValuesAsString("personId")).contains("alice");
    }

    @Test
    @Order(2)
    void aCallbackDeliveredToBothInstancesRunsOnce() throws Exception {
        WeComCallbackClient.Signed signed = toA.sign(WeComCallbackClient.text("bob", 7101, "查询天气"));
        String body = WeComCallbackClient.envelope(signed, CORP_ID);
        CompletableFuture<Integer> viaA = CompletableFuture.supplyAsync(() -> status(() -> toA.post("ops", signed, body)));
        CompletableFuture<Integer> viaB = CompletableFuture.supplyAsync(() -> status(() -> toB.post("ops", signed, body)));
        assertThat(viaA.get()).isEqualTo(200);
        assertThat(viaB.get()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> TwoInstances.callsOf(upstreamUser("bob")).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> TwoInstances.callsOf(upstreamUser("bob")).size() == 1);
    }

    @Test
    @Order(3)
    void twoEventsOfOnePersonOnTwoInstancesReachTheUpstreamOneAfterTheOther() throws Exception {
        String carol = upstreamUser("carol");
        CountDownLatch hold = new CountDownLatch(1);
        TwoInstances.HOLDS.put(carol, hold);
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() ->
                    status(() -> toA.post("ops", WeComCallbackClient.text("carol", 7201, "创建待办"))));
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() ->
                    status(() -> toB.post("ops", WeComCallbackClient.text("carol", 7202, "提交请假申请"))));
            assertThat(first.get()).isEqualTo(200);
            assertThat(second.get()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> started(carol) == 1);
            // The other instance's event waits for the session while the first one is at the upstream.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> started(carol) == 1);
            hold.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> TwoInstances.callsOf(carol).size() == 2);
        } finally {
            hold.countDown();
            TwoInstances.HOLDS.remove(carol);
        }
        List<TwoInstances.Call> calls = TwoInstances.callsOf(carol);
        TwoInstances.Call earlier = calls.get(0).startNanos() < calls.get(1).startNanos() ? calls.get(0) : calls.get(1);
        TwoInstances.Call later = earlier == calls.get(0) ? calls.get(1) : calls.get(0);
        assertThat(earlier.endNanos()).isLessThanOrEqualTo(later.startNanos());
        assertThat(calls).extracting(TwoInstances.Call::instance).containsExactlyInAnyOrder("A", "B");
    }

    private static long started(String user) {
        return TwoInstances.STARTED.stream().filter(user::equals).count();
    }

    @Test
    @Order(4)
    void theTwentyFirstMessageInAMinuteIsRefusedWhicheverInstanceGetsIt() throws Exception {
        for (int i = 0; i < 21; i++) {
            WeComCallbackClient to = i % 2 == 0 ? toA : toB;
            assertThat(to.post("ops", WeComCallbackClient.text("dave", 7300 + i, "查询天气 " + i)).statusCode())
                    .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsTo("dave").stream()
                .anyMatch(j -> j.toString().contains("每分钟最多 20 条")));
        await().atMost(Duration.ofSeconds(30)).until(() -> TwoInstances.callsOf(upstreamUser("dave")).size() == 20);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> TwoInstances.callsOf(upstreamUser("dave")).size() == 20);
        assertThat(TwoInstances.callsOf(upstreamUser("dave"))).extracting(TwoInstances.Call::instance)
                .contains("A", "B");
    }

    @Test
    @Order(5)
    void aReloadOnOneInstanceReachesTheOther() {
        app.writeBots(bots("sales"));
        HttpResponse<String> reload = post(app.portA(), "/admin/api/reload", TwoInstances.ADMIN_TOKEN, "");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(app.a.getBean(BotRegistry.class).find("sales")).isPresent();
        await().atMost(Duration.ofSeconds(20)).until(() -> app.b.getBean(BotRegistry.class).find("sales").isPresent());
    }

    @Test
    @Order(6)
    void whileRedisIsDownNothingRunsAndEverythingComesBackWithoutARestart() throws Exception {
        String erin = upstreamUser("erin");
        String message = WeComCallbackClient.text("erin", 7401, "提交报销单");
        WeComCallbackClient.Signed signed = toA.sign(message);
        String body = WeComCallbackClient.envelope(signed, CORP_ID);
        redis.stop();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(() -> toA.post("ops", signed, body)) == 503);
        assertThat(status(() -> toB.post("ops", signed, body))).isEqualTo(503);
        assertThat(TwoInstances.callsOf(erin)).as("nothing ran without de-dup").isEmpty();

        HttpResponse<String> health = get(app.portB(), "/actuator/health", TwoInstances.ADMIN_TOKEN);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).path("components").path("redis").path("status").asString())
                .isEqualTo("DOWN");

        HttpResponse<String> chat = post(app.portA(), "/api/v1/chat", null,
                "{\"user_id\":\"erin-web\",\"text\":\"查询天气\"}");
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(chat.body()).path("replies").path(0).path("title").asString())
                .isEqualTo("服务暂时不可用");

        redis.restart();
        // WeCom retries the callback it got a 503 for: once Redis answers again it runs, once.
        await().atMost(Duration.ofSeconds(60)).until(() -> status(() -> toA.post("ops", signed, body)) == 200);
        assertThat(status(() -> toB.post("ops", signed, body))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> TwoInstances.callsOf(erin).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> TwoInstances.callsOf(erin).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(app.portB(), "/actuator/health", null).statusCode() == 200);
        HttpResponse<String> again = post(app.portB(), "/api/v1/chat", null,
                "{\"user_id\":\"erin-web\",\"text\":\"查询天气\"}");
        assertThat(JSON.readTree(again.body()).path("replies").path(0).path("title").asString())
                .isNotEqualTo("服务暂时不可用");
    }

    @FunctionalInterface
    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    static int status(Call call) {
        try {
            return call.send().statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.GET().build());
    }

    static HttpResponse<String> post(int port, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
