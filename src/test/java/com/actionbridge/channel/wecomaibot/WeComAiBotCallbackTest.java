package com.actionbridge.channel.wecomaibot;

import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.UserText;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.actionbridge.channel.wecomaibot.FakeWeComAiBot.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AI bot callback end to end against the real engine behind a gate (a slow upstream when closed): URL
 * verification, streams polled until finished, a turn outlasting its stream, a slow click, redeliveries, and every
 * malformed, stale or foreign callback refused before anything reaches the engine. Streams here last 3 s and a
 * click waits 1 s for the engine, so the long cases run in seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeComAiBotCallbackTest {

    static final FakeWeComAiBot WECOM = FakeWeComAiBot.start();

    @TestConfiguration
    static class Gate {
        @Bean
        @Primary
        GatedConversations gatedConversations(@Qualifier("conversationEngine") Conversations engine) {
            return new GatedConversations(engine);
        }
    }

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        WECOM.registerBot(registry, "team-bot");
        registry.add("actionbridge.wecom-aibot.stream-limit", () -> "3s");
        registry.add("actionbridge.wecom-aibot.click-wait", () -> "1s");
    }

    @LocalServerPort
    int port;
    @Autowired
    GatedConversations engine;
    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void stop() {
        WECOM.close();
    }

    @BeforeEach
    void setUp() {
        WECOM.callbackUrl("http://127.0.0.1:" + port + "/callback/wecom-aibot/team-bot");
        WECOM.reset();
        engine.reset();
    }

    @Test
    void urlVerificationAnswersThePlaintextOnly() throws Exception {
        HttpResponse<String> ok = WECOM.verifyUrl("echo-5927391");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("echo-5927391");
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/callback/wecom-aibot/team-bot?msg_signature=00&timestamp="
                        + Instant.now().getEpochSecond() + "&nonce=1&echostr=abc")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("echo");
    }

    @Test
    void aStreamIsPolledUntilTheAnswerFinishesIt() throws Exception {
        engine.close();
        FakeWeComAiBot.Message message = WECOM.text(null, "frank", "把你好发送到企业微信群机器人");
        JsonNode first = message.exchanges.get(0).answer();
        assertThat(first.path("msgtype").asString()).isEqualTo("stream");
        assertThat(first.path("stream").path("finish").asBoolean()).isFalse();
        assertThat(first.path("stream").path("content").asString()).isEqualTo("正在处理…");
        String streamId = first.path("stream").path("id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> message.refreshes() >= 1);
        engine.open();
        JsonNode last = message.awaitFinished();

        assertThat(last.path("msgtype").asString()).isEqualTo("stream_with_template_card");
        assertThat(message.exchanges).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.answer().path("stream").path("id").asString()).isEqualTo(streamId);
        });
        assertThat(message.exchanges.subList(0, message.exchanges.size() - 1))
                .allSatisfy(e -> assertThat(e.answer().path("stream").path("finish").asBoolean()).isFalse());
    }

    @Test
    void aTurnOutlastingItsStreamClosesItAndTheResultFollowsThroughTheResponseUrl() throws Exception {
        engine.close();
        FakeWeComAiBot.Message single = WECOM.text(null, "gina", "把你好发送到企业微信群机器人");
        FakeWeComAiBot.Message group = WECOM.text("wrLONG", "hank", "@助手 把你好发送到企业微信群机器人");
        for (FakeWeComAiBot.Message m : List.of(single, group)) {
            JsonNode closed = m.awaitFinished();
            assertThat(closed.path("msgtype").asString()).isEqualTo("stream");
            assertThat(closed.path("stream").path("content").asString()).contains("仍在处理");
        }
        assertThat(WECOM.posts()).isEmpty();
        engine.open();

        // one to one: the sandbox's labels are too long for buttons, so one post can carry them only as markdown;
        // the options are listed by number and typing one goes on
        await().atMost(Duration.ofSeconds(10)).until(() -> !WECOM.posts(single.responseCode).isEmpty());
        FakeWeComAiBot.Post late = WECOM.posts(single.responseCode).get(0);
        assertThat(late.accepted()).isTrue();
        assertThat(late.markdown()).contains("1. 发送文本消息").contains("2. 发送Markdown消息");
        JsonNode next = WECOM.text(null, "gina", "1").awaitFinished();
        assertThat(next.path("msgtype").asString()).isEqualTo("stream_with_template_card");
        assertThat(next.toString()).contains("AI-action测试1");

        // in a group only markdown may follow: the choices are listed by number
        await().atMost(Duration.ofSeconds(10)).until(() -> !WECOM.posts(group.responseCode).isEmpty());
        FakeWeComAiBot.Post markdown = WECOM.posts(group.responseCode).get(0);
        assertThat(markdown.accepted()).isTrue();
        assertThat(markdown.markdown()).contains("1. 发送文本消息").contains("2. 发送Markdown消息");
    }

    @Test
    void aSlowClickShowsTheChoiceWithinFiveSecondsAndItsResultFollows() throws Exception {
        JsonNode card = WECOM.text(null, "ivan", "把你好发送到企业微信群机器人").awaitFinished().path("template_card");
        engine.close();
        long started = System.nanoTime();
        FakeWeComAiBot.Exchange click = WECOM.click(null, "ivan", card.path("task_id").asString(),
                card.path("button_list").get(0).path("key").asString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FakeWeComAiBot.CLICK_DEADLINE);
        assertThat(click.dropped()).isFalse();
        JsonNode shown = click.answer().path("template_card");
        assertThat(shown.path("task_id").asString()).isEqualTo(card.path("task_id").asString());
        assertThat(shown.path("sub_title_text").asString()).contains("已选择");
        assertThat(shown.path("button_list")).hasSize(1);

        engine.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> !WECOM.posts(click.responseCode()).isEmpty());
        FakeWeComAiBot.Post next = WECOM.posts(click.responseCode()).get(0);
        assertThat(next.accepted()).isTrue();
        assertThat(next.body().toString()).contains("AI-action测试1");
    }

    @Test
    void redeliveredCallbacksRunOnce() throws Exception {
        engine.close();
        FakeWeComAiBot.Message message = WECOM.text(null, "judy", "把你好发送到企业微信群机器人");
        FakeWeComAiBot.Exchange again = WECOM.redeliver(message.signed);
        assertThat(again.answer().path("stream").path("id").asString())
                .isEqualTo(message.exchanges.get(0).answer().path("stream").path("id").asString());
        engine.open();
        JsonNode card = message.awaitFinished().path("template_card");
        assertThat(WECOM.redeliver(message.signed).answer().path("template_card")).isEqualTo(card);
        assertThat(engine.events).hasSize(1);

        ObjectNode click = WECOM.clickCallback(null, "judy", card.path("task_id").asString(),
                card.path("button_list").get(0).path("key").asString());
        FakeWeComAiBot.Signed signed = WECOM.sign(click);
        assertThat(WECOM.exchange(signed).answer().path("response_type").asString()).isEqualTo("update_template_card");
        assertThat(WECOM.redeliver(signed).empty()).isTrue();
        assertThat(engine.events).hasSize(2);
        assertThat(count("duplicate")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aRefreshOfAnUnknownStreamFinishesIt() throws Exception {
        JsonNode answer = WECOM.refresh(null, "kate", "ab-unknown-stream").answer();
        assertThat(answer.path("stream").path("finish").asBoolean()).isTrue();
        assertThat(answer.path("stream").path("id").asString()).isEqualTo("ab-unknown-stream");
    }

    @Test
    void theMentionIsStrippedBeforeTheEngine() throws Exception {
        WECOM.text("wrMENTION", "liam", "@助手 帮我创建一个待办").awaitFinished();
        WECOM.text("wrMENTION", "mia", "帮我创建一个待办@项目开发管理助手 ").awaitFinished();
        assertThat(engine.events).map(e -> ((UserText) e).text()).containsExactly("帮我创建一个待办", "帮我创建一个待办");
        assertThat(engine.events).map(e -> e.origin().session().toString())
                .containsExactly("team-bot/wrMENTION/liam", "team-bot/wrMENTION/mia");
        assertThat(engine.events).map(e -> e.origin().upstreamUserId())
                .containsExactly("wecom-aibot:team-bot:liam", "wecom-aibot:team-bot:mia");
    }

    @Test
    void everyBadCallbackIsRefusedBeforeTheEngine() throws Exception {
        long now = Instant.now().getEpochSecond();
        ObjectNode good = text("nina", "你好");

        FakeWeComAiBot.Signed signed = WECOM.sign(good);
        String otherFirst = signed.signature().startsWith("0") ? "1" : "0";
        assertThat(post(new FakeWeComAiBot.Signed(signed.body(), otherFirst + signed.signature().substring(1),
                signed.timestamp(), signed.nonce()))).as("bad signature").isEqualTo(403);
        assertThat(post(new FakeWeComAiBot.Signed(signed.body(), null, signed.timestamp(), signed.nonce())))
                .as("no signature").isEqualTo(403);
        assertThat(post(WECOM.sign(JSON.writeValueAsString(good), now - 600))).as("stale").isEqualTo(403);
        assertThat(post(WECOM.signEncrypted(WeComAiBotCryptoTest.withLengthField(Integer.MAX_VALUE, "{}"), now)))
                .as("length field").isEqualTo(400);
        assertThat(post(WECOM.signEncrypted(WeComAiBotCryptoTest.forged(2, "{}", "ww0123456789abcdef"), now)))
                .as("receiveid").isEqualTo(400);

        for (Map.Entry<String, ObjectNode> wrong : Map.of(
                "msgid a number", text("nina", "a").put("msgid", 123),
                "from a string", (ObjectNode) text("nina", "b").put("from", "nina"),
                "content an array", withContentArray(text("nina", "c")),
                "chattype unknown", text("nina", "d").put("chattype", "channel"),
                "no msgtype", (ObjectNode) text("nina", "e").remove(List.of("msgtype")),
                "another bot", text("nina", "f").put("aibotid", "aibOTHER")).entrySet()) {
            int status = post(WECOM.sign(wrong.getValue()));
            assertThat(status).as(wrong.getKey()).isEqualTo(wrong.getKey().equals("another bot") ? 403 : 400);
        }
        assertThat(post(WECOM.sign("[1,2]"))).as("not an object").isEqualTo(400);
        assertThat(post(WECOM.sign("{\"msgtype\":\"text\"} trailing"))).as("trailing data").isEqualTo(400);
        FakeWeComAiBot.Signed ok = WECOM.sign(good);
        assertThat(WECOM.post(ok.signature(), ok.timestamp(), ok.nonce(), "{\"encrypt\":42}", Duration.ofSeconds(5))
                .statusCode()).as("encrypt a number").isEqualTo(400);
        assertThat(WECOM.post(ok.signature(), ok.timestamp(), ok.nonce(), "{\"encrypt\":\"" + "A".repeat(70_000)
                + "\"}", Duration.ofSeconds(5)).statusCode()).as("oversize").isEqualTo(413);
        HttpResponse<String> unknownBot = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/callback/wecom-aibot/nobody")).POST(
                HttpRequest.BodyPublishers.ofString(ok.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknownBot.statusCode()).isEqualTo(404);

        assertThat(engine.events).isEmpty();
        assertThat(post(ok)).as("the good one").isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.events.size() == 1);
    }

    private static ObjectNode text(String user, String content) {
        ObjectNode callback = WECOM.base(null, user, true);
        callback.put("msgtype", "text");
        callback.putObject("text").put("content", content);
        return callback;
    }

    private static ObjectNode withContentArray(ObjectNode callback) {
        ((ObjectNode) callback.get("text")).putArray("content").add("x");
        return callback;
    }

    private static int post(FakeWeComAiBot.Signed signed) throws Exception {
        return WECOM.post(signed.signature(), signed.timestamp(), signed.nonce(), signed.body(), Duration.ofSeconds(5))
                .statusCode();
    }

    private double count(String outcome) {
        var counter = meters.find("actionbridge.callbacks").tag("bot", "team-bot").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
