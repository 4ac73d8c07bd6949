package com.actionbridge.channel.dingtalk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.UUID;

import static com.actionbridge.channel.dingtalk.DialogueSteps.buttons;
import static com.actionbridge.channel.dingtalk.DialogueSteps.cardsTo;
import static com.actionbridge.channel.dingtalk.DialogueSteps.command;
import static com.actionbridge.channel.dingtalk.DialogueSteps.forward;
import static com.actionbridge.channel.dingtalk.DialogueSteps.params;
import static com.actionbridge.channel.dingtalk.DialogueSteps.signedPost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two combinations {@link DingTalkDialogueTest} does not run, each to {@code action_done} against the
 * embedded sandbox: a Stream bot without a card template (action cards whose buttons send a typed command back
 * over the Stream connection), and an HTTP-mode bot with a card template (messages arrive by HTTP callback, card
 * clicks over the Stream connection the bot opens for them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DingTalkCrossModeDialogueTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String STREAM_CLIENT = "client-stream-plain";
    private static final String HTTP_CLIENT = "client-http-cards";
    private static final FakeDingTalk FAKE = FakeDingTalk.start();

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        registry.add("actionbridge.upstream.sandbox", () -> "true");
        registry.add("bots[0].id", () -> "stream-plain");
        registry.add("bots[0].platform", () -> "dingtalk");
        registry.add("bots[0].client-id", () -> STREAM_CLIENT);
        registry.add("bots[0].client-secret", () -> "secret-stream-plain");
        registry.add("bots[0].mode", () -> "stream");
        registry.add("bots[0].api-base-url", FAKE::baseUrl);
        registry.add("bots[1].id", () -> "http-cards");
        registry.add("bots[1].platform", () -> "dingtalk");
        registry.add("bots[1].client-id", () -> HTTP_CLIENT);
        registry.add("bots[1].client-secret", () -> "secret-http-cards");
        registry.add("bots[1].mode", () -> "http");
        registry.add("bots[1].card-template-id", () -> "tpl.schema");
        registry.add("bots[1].api-base-url", FAKE::baseUrl);
    }

    @AfterAll
    static void stopFake() throws Exception {
        FAKE.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DingTalkStreamClients connections;

    @Test
    void streamModeWithActionCardsRunsAWholeDialogueToDone() {
        await().atMost(WAIT).until(() -> connections.connection("stream-plain").orElseThrow().connected());
        String hook = FAKE.webhookUrl("olga");
        FAKE.pushTo(STREAM_CLIENT, DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("sp-" + UUID.randomUUID(), "olga", "把你好发送到企业微信群机器人", hook));
        for (int step = 0; step < 8; step++) {
            int seen = step + 1;
            await().atMost(WAIT).until(() -> FAKE.requests("/robot/sendBySession/olga").size() >= seen);
            JsonNode reply = FAKE.requests("/robot/sendBySession/olga").get(step).json();
            assertThat(reply.path("msgtype").asString()).isEqualTo("actionCard");
            if (reply.path("actionCard").path("title").asString().equals("执行成功")) {
                // action_found, then the account choice, then done.
                assertThat(step).isEqualTo(2);
                assertThat(cardsTo(FAKE, "IM_ROBOT.olga")).as("no interactive card without a template").isEmpty();
                return;
            }
            // What the person's DingTalk sends over the Stream connection when the button is clicked.
            FAKE.pushTo(STREAM_CLIENT, DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.oneToOne(
                    "sp-" + UUID.randomUUID(), "olga", command(reply.path("actionCard")), hook));
        }
        throw new AssertionError("no action_done within 8 replies");
    }

    @Test
    void httpModeWithACardTemplateRunsAWholeDialogueToDone() throws Exception {
        await().atMost(WAIT).until(() -> connections.connection("http-cards").orElseThrow().connected());
        assertThat(signedPost(port, "http-cards", "secret-http-cards", DingTalkFixtures.oneToOne(
                "hc-" + UUID.randomUUID(), "pavel", "我要请假", FAKE.webhookUrl("pavel")))).isEqualTo(200);
        for (int step = 0; step < 8; step++) {
            int seen = step + 1;
            await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_ROBOT.pavel").size() >= seen);
            JsonNode card = cardsTo(FAKE, "IM_ROBOT.pavel").get(step);
            assertThat(card.path("callbackType").asString()).isEqualTo("STREAM");
            if (params(card).path("status").asString().equals("action_done")) {
                // The preview, confirmed, then done.
                assertThat(step).isEqualTo(1);
                assertThat(params(card).path("title").asString()).isEqualTo("执行成功");
                assertThat(FAKE.requests("/robot/sendBySession/pavel")).as("every reply was a card").isEmpty();
                return;
            }
            JsonNode button = forward(buttons(card));
            assertThat(button).as("a way forward from " + params(card)).isNotNull();
            FAKE.pushTo(HTTP_CLIENT, DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(
                    card.path("outTrackId").asString(), "pavel", button.path("token").asString(), "IM_ROBOT",
                    "pavel"));
            await().atMost(WAIT).until(() -> FAKE.requests("/v1.0/card/instances").stream()
                    .anyMatch(r -> r.method().equals("PUT")
                            && r.json().path("outTrackId").asString().equals(card.path("outTrackId").asString())
                            && params(r.json()).path("chosen").asString().equals(button.path("label").asString())));
        }
        throw new AssertionError("no action_done within 8 cards: " + cardsTo(FAKE, "IM_ROBOT.pavel"));
    }
}
