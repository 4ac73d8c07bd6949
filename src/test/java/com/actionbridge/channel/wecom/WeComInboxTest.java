package com.actionbridge.channel.wecom;

import com.actionbridge.conversation.EngineLoad;
import com.actionbridge.store.redis.RedisInbox;
import com.actionbridge.testsupport.RedisServer;
import com.actionbridge.testsupport.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import com.actionbridge.testsupport.TwoInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static com.actionbridge.channel.wecom.WeComCallbackClient.CORP_ID;
import static com.actionbridge.channel.wecom.WeComTwoInstancesTest.JSON;
import static com.actionbridge.channel.wecom.WeComTwoInstancesTest.get;
import static com.actionbridge.channel.wecom.WeComTwoInstancesTest.status;
import static com.actionbridge.channel.wecom.WeComTwoInstancesTest.upstreamUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing accepted is lost: two instances on one real Redis, WeCom callbacks signed as WeCom signs them. The queue's
 * figures; one instance shuts down with work accepted, the other answers everything it had accepted, and the
 * upstream sees every message once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeComInboxTest {

    static final FakeWeComApi API = FakeWeComApi.start();
    static RedisServer redis;
    static TwoInstances app;
    static WeComCallbackClient toA;
    static WeComCallbackClient toB;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        app = twoInstances();
        toA = new WeComCallbackClient(app.portA());
        toB = new WeComCallbackClient(app.portB());
    }

    static TwoInstances twoInstances() {
        return TwoInstances.start(redis, WeComTwoInstancesTest.bots(API), "actionbridge.inbox.takeover-after=1s");
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
        API.close();
    }

    /** The person's first message is held at the upstream on one instance, the second waits behind it there. */
    static CountDownLatch twoMessagesOn(WeComCallbackClient to, String person, long firstMsgId) throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        TwoInstances.HOLDS.put(upstreamUser(person), hold);
        assertThat(to.post("ops", WeComCallbackClient.text(person, firstMsgId, "查询天气")).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> TwoInstances.STARTED.contains(upstreamUser(person)));
        assertThat(to.post("ops", WeComCallbackClient.text(person, firstMsgId + 1, "创建待办")).statusCode())
                .isEqualTo(200);
        return hold;
    }

    /** The console's top bar, in real headless Chromium, signed in with the admin token; a screenshot is kept. */
    static void consoleShows(int port, String expected) throws IOException {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver driver = (ChromeDriver) chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get("http://127.0.0.1:" + port + "/admin");
            driver.executeScript("localStorage.removeItem('actionbridge.admin.lang')");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(TwoInstances.ADMIN_TOKEN);
            driver.findElement(By.id("login-btn")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overview"), "持久队列"));
            assertThat(driver.findElement(By.id("overview")).getText()).contains(expected);
            Path shots = Files.createDirectories(Path.of("target/screenshots"));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shots.resolve("admin-console-inbox.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<String> contents(String person) {
        return TwoInstances.callsOf(upstreamUser(person)).stream().map(TwoInstances.Call::content).toList();
    }

    static List<String> instances(String person) {
        return TwoInstances.callsOf(upstreamUser(person)).stream().map(TwoInstances.Call::instance).toList();
    }

    static List<String> sent(String person) {
        return WeComTwoInstancesTest.sendsTo(API, person).stream().map(Object::toString).toList();
    }

    @Test
    @Order(1)
    void theConsoleAndPrometheusShowTheQueue() throws Exception {
        CountDownLatch hold = twoMessagesOn(toA, "ivy", 9001);
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String body = get(app.portB(), "/admin/api/inbox", TwoInstances.ADMIN_TOKEN).body();
                JsonNode inbox = JSON.readTree(body);
                assertThat(inbox.path("durable").asBoolean() && inbox.path("pending").asLong() == 1
                        && inbox.path("inProgress").path("A").asLong() == 1
                        && inbox.path("oldestAgeSeconds").asDouble() > 0).as(body).isTrue();
            });
            assertThat(get(app.portB(), "/admin/api/inbox", null).statusCode()).as("admin token needed")
                    .isIn(401, 403);
            consoleShows(app.portB(), "持久队列: 待处理 1 · 处理中 A 1, B 0 · 已接管 0");
            String metrics = get(app.portA(), "/actuator/prometheus", TwoInstances.ADMIN_TOKEN).body();
            assertThat(metrics).contains("actionbridge_inbox_pending 1.0",
                    "actionbridge_inbox_in_progress{instance=\"A\"} 1.0", "actionbridge_inbox_taken_over_total",
                    "actionbridge_inbox_oldest_age_seconds");
        } finally {
            hold.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> contents("ivy").size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode inbox = JSON.readTree(get(app.portB(), "/admin/api/inbox", TwoInstances.ADMIN_TOKEN).body());
            return inbox.path("pending").asLong() == 0 && inbox.path("inProgress").path("A").asLong() == 0
                    && inbox.path("oldestAgeSeconds").asDouble() == 0;
        });
    }

    @Test
    @Order(3)
    void aShutdownHandsBackWhatItHadNotStartedAndNothingIsAnsweredSendItAgain() throws Exception {
        try (TwoInstances two = TwoInstances.start(redis, WeComTwoInstancesTest.bots(API),
                "actionbridge.inbox.takeover-after=1s", "actionbridge.engine.shutdown-wait=1s")) {
            // B stops (A hosts the upstream sandbox both use) while kate's first message is still at the upstream,
            // longer than B's shutdown wait, and her second one waits behind it: both are handed back to A, which
            // does not send the first to the upstream again.
            CountDownLatch hold = twoMessagesOn(new WeComCallbackClient(two.portB()), "kate", 9201);
            EngineLoad engineB = two.b.getBean(EngineLoad.class);
            RedisInbox inboxB = two.b.getBean(RedisInbox.class);
            try {
                two.b.close();
            } finally {
                hold.countDown();
            }
            assertThat(inboxB.handedBack()).isEqualTo(2);
            assertThat(engineB.queued()).isZero();

            await().atMost(Duration.ofSeconds(20)).until(() -> contents("kate").contains("创建待办"));
            assertThat(instances("kate")).as("the first only tried on B, cut off by the shutdown; the second on A")
                    .containsExactly("B", "A");
            await().atMost(Duration.ofSeconds(20)).until(() -> sent("kate").size() >= 2);
            assertThat(sent("kate")).noneMatch(s -> s.contains("消息未处理"));
            assertThat(sent("kate").get(0)).as("cut off at the upstream: never sent again").contains("服务中断");
            assertThat(two.a.getBean(RedisInbox.class).takenOverHere()).isEqualTo(2);
        }
    }
}
