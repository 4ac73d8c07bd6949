package com.actionbridge.channel.dingtalk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
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
 * The whole application — channel, conversation engine, upstream client and the embedded sandbox — driven as
 * DingTalk would drive it: a Stream bot with interactive cards (real SDK, fake gateway) and an HTTP bot with
 * action cards, each through a whole dialogue to {@code action_done}, and a group member's click on someone
 * else's card refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DingTalkDialogueTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final FakeDingTalk FAKE = FakeDingTalk.start();

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        registry.add("actionbridge.upstream.sandbox", () -> "true");
        registry.add("bots[0].id", () -> "cards");
        registry.add("bots[0].platform", () -> "dingtalk");
        registry.add("bots[0].client-id", () -> "client-cards");
        registry.add("bots[0].client-secret", () -> "secret-cards");
        registry.add("bots[0].mode", () -> "stream");
        registry.add("bots[0].card-template-id", () -> "tpl.schema");
        registry.add("bots[0].corp-id", () -> "dingcorp1");
        registry.add("bots[0].api-base-url", FAKE::baseUrl);
        registry.add("bots[1].id", () -> "plain");
        registry.add("bots[1].platform", () -> "dingtalk");
        registry.add("bots[1].client-id", () -> "client-plain");
        registry.add("bots[1].client-secret", () -> "secret-plain");
        registry.add("bots[1].mode", () -> "http");
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

    // ---- Stream mode, interactive cards ----

    @Test
    void streamModeWithACardTemplateRunsAWholeDialogueToDone() {
        await().atMost(WAIT).until(() -> connections.connection("cards").orElseThrow().connected());
        FAKE.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("s-" + UUID.randomUUID(), "carol", "把你好发送到企业微信群机器人",
                        FAKE.webhookUrl("carol")));
        int updates = 0;
        for (int step = 0; step < 8; step++) {
            int seen = step + 1;
            await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_ROBOT.carol").size() >= seen);
            JsonNode card = cardsTo(FAKE, "IM_ROBOT.carol").get(step);
            assertThat(card.path("callbackType").asString()).isEqualTo("STREAM");
            String status = params(card).path("status").asString();
            if (status.equals("action_done")) {
                // action_found, then the account choice, then done: two cards updated in place.
                assertThat(updates).isGreaterThanOrEqualTo(2);
                assertThat(params(card).path("title").asString()).isEqualTo("执行成功");
                return;
            }
            JsonNode button = forward(buttons(card));
            assertThat(button).as("a way forward from " + status + ": " + params(card)).isNotNull();
            FAKE.push(DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(
                    card.path("outTrackId").asString(), "carol", button.path("token").asString(), "IM_ROBOT", "carol"));
            updates++;
            int expectedUpdates = updates;
            await().atMost(WAIT).until(() -> FAKE.requests("/v1.0/card/instances").stream()
                    .filter(r -> r.method().equals("PUT")
                            && r.json().path("outTrackId").asString().equals(card.path("outTrackId").asString()))
                    .count() == 1);
            JsonNode update = FAKE.requests("/v1.0/card/instances").stream()
                    .filter(r -> r.method().equals("PUT")).reduce((a, b) -> b).orElseThrow().json();
            assertThat(update.path("cardData").path("cardParamMap").path("chosen").asString())
                    .isEqualTo(button.path("label").asString());
            assertThat(expectedUpdates).isPositive();
        }
        throw new AssertionError("no action_done within 8 cards: " + cardsTo(FAKE, "IM_ROBOT.carol"));
    }

    @Test
    void inAGroupAnotherMembersCardClickIsRefusedAndTheCardStaysAsItWas() {
        await().atMost(WAIT).until(() -> connections.connection("cards").orElseThrow().connected());
        FAKE.push(DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.group("s-" + UUID.randomUUID(), "cidTeam",
                "dave", "把你好发送到企业微信群机器人", FAKE.webhookUrl("team")));
        await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_GROUP.cidTeam").size() == 1);
        JsonNode card = cardsTo(FAKE, "IM_GROUP.cidTeam").get(0);
        JsonNode button = forward(buttons(card));

        FAKE.push(DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(
                card.path("outTrackId").asString(), "erin", button.path("token").asString(), "IM_GROUP", "cidTeam"));
        await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_GROUP.cidTeam").size() == 2);
        JsonNode refusal = cardsTo(FAKE, "IM_GROUP.cidTeam").get(1);
        assertThat(params(refusal).path("status").asString()).isEqualTo("notice");
        assertThat(refusal.path("imGroupOpenDeliverModel").path("atUserIds").has("erin")).isTrue();
        assertThat(FAKE.requests("/v1.0/card/instances").stream().filter(r -> r.method().equals("PUT")
                && r.json().path("outTrackId").asString().equals(card.path("outTrackId").asString()))).isEmpty();

        // The owner's own click still works afterwards: the refused click consumed nothing.
        FAKE.push(DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(
                card.path("outTrackId").asString(), "dave", button.path("token").asString(), "IM_GROUP", "cidTeam"));
        await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_GROUP.cidTeam").size() == 3);
        assertThat(params(cardsTo(FAKE, "IM_GROUP.cidTeam").get(2)).path("status").asString()).isNotEqualTo("notice");
    }

    @Test
    void aTypedOptionNumberMarksThePersonsNewestCardAsChosen() {
        await().atMost(WAIT).until(() -> connections.connection("cards").orElseThrow().connected());
        FAKE.push(DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.oneToOne("s-" + UUID.randomUUID(), "ivan",
                "把你好发送到企业微信群机器人", FAKE.webhookUrl("ivan")));
        await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_ROBOT.ivan").size() == 1);
        JsonNode card = cardsTo(FAKE, "IM_ROBOT.ivan").get(0);
        String first = buttons(card).get(0).path("label").asString();

        FAKE.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("s-" + UUID.randomUUID(), "ivan", "1", FAKE.webhookUrl("ivan")));
        await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_ROBOT.ivan").size() == 2);
        await().atMost(WAIT).until(() -> FAKE.requests("/v1.0/card/instances").stream()
                .anyMatch(r -> r.method().equals("PUT")
                        && r.json().path("outTrackId").asString().equals(card.path("outTrackId").asString())
                        && r.json().path("cardData").path("cardParamMap").path("chosen").asString().equals(first)));
    }

    /** The person writes one-to-one; returns the card that answers, the {@code nth} (from 1) they got. */
    private static JsonNode says(String staffId, String text, int nth) {
        FAKE.push(DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.oneToOne("s-" + UUID.randomUUID(), staffId,
                text, FAKE.webhookUrl(staffId)));
        await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_ROBOT." + staffId).size() == nth);
        return cardsTo(FAKE, "IM_ROBOT." + staffId).get(nth - 1);
    }

    @Test
    void anOldCardsButtonAfterARestartGreysTheCardOutInPlace() {
        await().atMost(WAIT).until(() -> connections.connection("cards").orElseThrow().connected());
        JsonNode leave = says("judy", "我要请假", 1);
        says("judy", "重新开始", 2);
        assertThat(params(says("judy", "我要采购一台电脑", 3)).path("status").asString()).isEqualTo("action_preview");

        String outTrackId = leave.path("outTrackId").asString();
        FAKE.push(DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(outTrackId, "judy",
                forward(buttons(leave)).path("token").asString(), "IM_ROBOT", "judy"));
        await().atMost(WAIT).until(() -> cardsTo(FAKE, "IM_ROBOT.judy").size() == 4);
        JsonNode notice = params(cardsTo(FAKE, "IM_ROBOT.judy").get(3));
        assertThat(notice.path("status").asString()).isEqualTo("notice");
        assertThat(notice.path("markdown").asString()).contains("这张卡片已失效");
        await().atMost(WAIT).until(() -> FAKE.requests("/v1.0/card/instances").stream()
                .anyMatch(r -> r.method().equals("PUT") && r.json().path("outTrackId").asString().equals(outTrackId)));
        JsonNode greyed = FAKE.requests("/v1.0/card/instances").stream()
                .filter(r -> r.method().equals("PUT") && r.json().path("outTrackId").asString().equals(outTrackId))
                .findFirst().orElseThrow().json().path("cardData").path("cardParamMap");
        assertThat(greyed.path("disabled").asString()).isEqualTo("true");
        assertThat(greyed.path("markdown").asString()).startsWith("> 此卡片已失效");
        assertThat(greyed.path("chosen").asString()).as("nothing was chosen on it").isEmpty();
    }

    // ---- HTTP mode, action cards ----

    @Test
    void httpModeWithActionCardsRunsAWholeDialogueToDone() throws Exception {
        String hook = FAKE.webhookUrl("frank");
        assertThat(signedPost(port, "plain", "secret-plain", DingTalkFixtures.oneToOne("h-" + UUID.randomUUID(), "frank", "我要请假", hook))).isEqualTo(200);
        for (int step = 0; step < 8; step++) {
            int seen = step + 1;
            await().atMost(WAIT).until(() -> FAKE.requests("/robot/sendBySession/frank").size() >= seen);
            JsonNode reply = FAKE.requests("/robot/sendBySession/frank").get(step).json();
            assertThat(reply.path("msgtype").asString()).isEqualTo("actionCard");
            if (reply.path("actionCard").path("title").asString().equals("执行成功")) {
                // The result links to the run's log with an ordinary URL.
                assertThat(reply.path("actionCard").path("btns").get(0).path("actionURL").asString())
                        .startsWith("http://127.0.0.1:" + port + "/sandbox/logs/");
                assertThat(step).isGreaterThanOrEqualTo(1);
                return;
            }
            // What the person's DingTalk sends when the button is clicked.
            String typed = command(reply.path("actionCard"));
            assertThat(signedPost(port, "plain", "secret-plain", DingTalkFixtures.oneToOne("h-" + UUID.randomUUID(), "frank", typed, hook))).isEqualTo(200);
        }
        throw new AssertionError("no action_done within 8 replies");
    }

    @Test
    void httpModeInAGroupAnotherMembersChoiceIsRefusedToThem() throws Exception {
        String hook = FAKE.webhookUrl("crew");
        signedPost(port, "plain", "secret-plain", DingTalkFixtures.group("h-" + UUID.randomUUID(), "cidCrew", "gina", "我要请假", hook));
        await().atMost(WAIT).until(() -> FAKE.requests("/robot/sendBySession/crew").size() == 1);
        JsonNode card = FAKE.requests("/robot/sendBySession/crew").get(0).json();
        assertThat(card.path("actionCard").path("text").asString()).startsWith("@Nick gina");
        String ginasChoice = command(card.path("actionCard"));

        signedPost(port, "plain", "secret-plain", DingTalkFixtures.group("h-" + UUID.randomUUID(), "cidCrew", "hank", ginasChoice, hook));
        await().atMost(WAIT).until(() -> FAKE.requests("/robot/sendBySession/crew").size() == 2);
        JsonNode refusal = FAKE.requests("/robot/sendBySession/crew").get(1).json();
        assertThat(refusal.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(refusal.path("markdown").path("title").asString()).isEqualTo("提示");
        assertThat(refusal.path("at").path("atUserIds").get(0).asString()).isEqualTo("hank");
    }
}
