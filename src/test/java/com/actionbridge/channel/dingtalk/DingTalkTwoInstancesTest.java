package com.actionbridge.channel.dingtalk;

import com.actionbridge.store.redis.RedisInbox;
import com.actionbridge.testsupport.RedisServer;
import com.actionbridge.testsupport.TwoInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing one real Redis behind DingTalk's HTTP callbacks: a message DingTalk delivers to both runs
 * once, and both instances send with the one access token fetched by the first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DingTalkTwoInstancesTest {

    static final FakeDingTalk DINGTALK = FakeDingTalk.start();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static RedisServer redis;
    static TwoInstances app;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        app = TwoInstances.start(redis, """
                bots:
                  - id: ops
                    platform: dingtalk
                    client-id: client-ops
                    client-secret: secret-ops
                    robot-code: robot
                    mode: http
                    api-base-url: %s
                """.formatted(DINGTALK.baseUrl()), "actionbridge.inbox.takeover-after=1s");
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        redis.close();
        DINGTALK.close();
    }

    static int post(int port, String body) {
        String ts = String.valueOf(System.currentTimeMillis());
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callback/dingtalk/ops"))
                    .header("Content-Type", "application/json").header("timestamp", ts)
                    .header("sign", CallbackSignature.sign(ts, "secret-ops"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void aMessageDeliveredToBothInstancesRunsOnceAndTheTokenIsFetchedOnce() throws Exception {
        String user = "dingtalk:" + DingTalkFixtures.CORP + ":frank";
        // No session webhook: replies go through the robot OpenAPI, which needs the access token.
        String body = DingTalkFixtures.oneToOne("msg-two-1", "frank", "查询天气", null);
        CompletableFuture<Integer> viaA = CompletableFuture.supplyAsync(() -> post(app.portA(), body));
        CompletableFuture<Integer> viaB = CompletableFuture.supplyAsync(() -> post(app.portB(), body));
        assertThat(viaA.get()).isEqualTo(200);
        assertThat(viaB.get()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> TwoInstances.callsOf(user).size() == 1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> DINGTALK.requests("/v1.0/robot/oToMessages/batchSend").size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> TwoInstances.callsOf(user).size() == 1);

        String servedBy = TwoInstances.callsOf(user).get(0).instance();
        int other = servedBy.equals("A") ? app.portB() : app.portA();
        assertThat(post(other, DingTalkFixtures.oneToOne("msg-two-2", "frank", "创建待办", null))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> DINGTALK.requests("/v1.0/robot/oToMessages/batchSend").size() == 2);
        assertThat(TwoInstances.callsOf(user)).extracting(TwoInstances.Call::instance).containsExactlyInAnyOrder("A", "B");
        assertThat(DINGTALK.tokensIssued).as("one token for both instances, kept in Redis").hasValue(1);
    }

    /** Last: B stops answering (its heartbeat ends) with a message at the upstream and one waiting behind it. */
    @Test
    @Order(2)
    void whatAnInstanceThatStoppedAnsweringHadAcceptedIsAnsweredByTheOtherThroughTheRobotApi() {
        String user = "dingtalk:" + DingTalkFixtures.CORP + ":gina";
        CountDownLatch hold = new CountDownLatch(1);
        TwoInstances.HOLDS.put(user, hold);
        try {
            assertThat(post(app.portB(), DingTalkFixtures.oneToOne("msg-gina-1", "gina", "查询天气", null)))
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> TwoInstances.STARTED.contains(user));
            assertThat(post(app.portB(), DingTalkFixtures.oneToOne("msg-gina-2", "gina", "创建待办", null)))
                    .isEqualTo(200);
            RedisInbox inboxA = app.a.getBean(RedisInbox.class);
            app.b.getBean(RedisInbox.class).halt();
            await().atMost(Duration.ofSeconds(20)).until(() -> inboxA.takenOverHere() == 2);
        } finally {
            hold.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> TwoInstances.callsOf(user).size() == 2);
        assertThat(TwoInstances.callsOf(user)).extracting(TwoInstances.Call::instance, TwoInstances.Call::content)
                .containsExactly(tuple("B", "查询天气"), tuple("A", "创建待办"));
        await().atMost(Duration.ofSeconds(20)).until(() -> DINGTALK.requests("/v1.0/robot/oToMessages/batchSend")
                .stream().filter(r -> r.body().contains("gina")).count() >= 2);
        assertThat(post(app.portA(), DingTalkFixtures.oneToOne("msg-gina-2", "gina", "创建待办", null)))
                .as("a redelivery is a duplicate").isEqualTo(200);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> TwoInstances.callsOf(user).size() == 2);
    }
}
