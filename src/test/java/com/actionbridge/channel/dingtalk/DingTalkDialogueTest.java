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

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
    private static final FakeDingTalk FAKE = start();

    private static FakeDingTalk start() {
        try {
            return new FakeDingTalk();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
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

    private final HttpClient http = HttpClient.newHttpClient();

    // ---- Stream mode, interactive cards ----

    private List<JsonNode> cardsTo(String spaceId) {
        List<JsonNode> cards = new ArrayList<>();
        for (FakeDingTalk.Request r : FAKE.requests("/v1.0/card/instances/createAndDeliver")) {
            JsonNode body = r.json();
            if (body.path("openSpaceId").asString().endsWith(spaceId)) {
                cards.add(body);
            }
        }
        return cards;
    }

    private static JsonNode params(JsonNode card) {
        return card.path("cardData").path("cardParamMap");
    }

    private static JsonNode buttons(JsonNode card) {
        return FakeDingTalk.JSON.readTree(params(card).path("buttons").asString());
    }

    /** The button a person going for "done" presses: confirm, else the first choice. */
    private static JsonNode forward(JsonNode buttons) {
        JsonNode pick = null;
        for (JsonNode b : buttons) {
            if (!b.has("token")) {
                continue;
            }
            if (b.path("label").asString().contains("确认")) {
                return b;
            }
            if (pick == null && !b.path("label").asString().contains("取消")) {
                pick = b;
            }
        }
        return pick;
    }

    @Test
    void streamModeWithACardTemplateRunsAWholeDialogueToDone() {
        await().atMost(WAIT).until(() -> connections.connection("cards").orElseThrow().connected());
        FAKE.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("s-" + UUID.randomUUID(), "carol", "把你好发送到企业微信群机器人",
                        FAKE.webhookUrl("carol")));
        int updates = 0;
        for (int step = 0; step < 8; step++) {
            int seen = step + 1;
            await().atMost(WAIT).until(() -> cardsTo("IM_ROBOT.carol").size() >= seen);
            JsonNode card = cardsTo("IM_ROBOT.carol").get(step);
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
        throw new AssertionError("no action_done within 8 cards: " + cardsTo("IM_ROBOT.carol"));
    }

    @Test
    void inAGroupAnotherMembersCardClickIsRefusedAndTheCardStaysAsItWas() {
        await().atMost(WAIT).until(() -> connections.connection("cards").orElseThrow().connected());
        FAKE.push(DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.group("s-" + UUID.randomUUID(), "cidTeam",
                "dave", "把你好发送到企业微信群机器人", FAKE.webhookUrl("team")));
        await().atMost(WAIT).until(() -> cardsTo("IM_GROUP.cidTeam").size() == 1);
        JsonNode card = cardsTo("IM_GROUP.cidTeam").get(0);
        JsonNode button = forward(buttons(card));

        FAKE.push(DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(
                card.path("outTrackId").asString(), "erin", button.path("token").asString(), "IM_GROUP", "cidTeam"));
        await().atMost(WAIT).until(() -> cardsTo("IM_GROUP.cidTeam").size() == 2);
        JsonNode refusal = cardsTo("IM_GROUP.cidTeam").get(1);
        assertThat(params(refusal).path("status").asString()).isEqualTo("notice");
        assertThat(refusal.path("imGroupOpenDeliverModel").path("atUserIds").has("erin")).isTrue();
        assertThat(FAKE.requests("/v1.0/card/instances").stream().filter(r -> r.method().equals("PUT")
                && r.json().path("outTrackId").asString().equals(card.path("outTrackId").asString()))).isEmpty();

        // The owner's own click still works afterwards: the refused click consumed nothing.
        FAKE.push(DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(
                card.path("outTrackId").asString(), "dave", button.path("token").asString(), "IM_GROUP", "cidTeam"));
        await().atMost(WAIT).until(() -> cardsTo("IM_GROUP.cidTeam").size() == 3);
        assertThat(params(cardsTo("IM_GROUP.cidTeam").get(2)).path("status").asString()).isNotEqualTo("notice");
    }

    @Test
    void aTypedOptionNumberMarksThePersonsNewestCardAsChosen() {
        await().atMost(WAIT).until(() -> connections.connection("cards").orElseThrow().connected());
        FAKE.push(DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.oneToOne("s-" + UUID.randomUUID(), "ivan",
                "把你好发送到企业微信群机器人", FAKE.webhookUrl("ivan")));
        await().atMost(WAIT).until(() -> cardsTo("IM_ROBOT.ivan").size() == 1);
        JsonNode card = cardsTo("IM_ROBOT.ivan").get(0);
        String first = buttons(card).get(0).path("label").asString();

        FAKE.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("s-" + UUID.randomUUID(), "ivan", "1", FAKE.webhookUrl("ivan")));
        await().atMost(WAIT).until(() -> cardsTo("IM_ROBOT.ivan").size() == 2);
        await().atMost(WAIT).until(() -> FAKE.requests("/v1.0/card/instances").stream()
                .anyMatch(r -> r.method().equals("PUT")
                        && r.json().path("outTrackId").asString().equals(card.path("outTrackId").asString())
                        && r.json().path("cardData").path("cardParamMap").path("chosen").asString().equals(first)));
    }

    // ---- HTTP mode, action cards ----

    private int post(String body) throws Exception {
        String ts = String.valueOf(System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callback/dingtalk/plain"))
                .header("Content-Type", "application/json").header("timestamp", ts)
                .header("sign", CallbackSignature.sign(ts, "secret-plain"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String command(JsonNode actionCard) {
        JsonNode pick = null;
        for (JsonNode b : actionCard.path("btns")) {
            String url = b.path("actionURL").asString();
            if (!url.startsWith("dtmd://")) {
                continue;
            }
            if (b.path("title").asString().contains("确认")) {
                pick = b;
                break;
            }
            if (pick == null && !b.path("title").asString().contains("取消")) {
                pick = b;
            }
        }
        assertThat(pick).as("a choice button in " + actionCard).isNotNull();
        String url = pick.path("actionURL").asString();
        return URLDecoder.decode(url.substring(url.indexOf("content=") + 8), StandardCharsets.UTF_8);
    }

    @Test
    void httpModeWithActionCardsRunsAWholeDialogueToDone() throws Exception {
        String hook = FAKE.webhookUrl("frank");
        assertThat(post(DingTalkFixtures.oneToOne("h-" + UUID.randomUUID(), "frank", "我要请假", hook))).isEqualTo(200);
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
            assertThat(post(DingTalkFixtures.oneToOne("h-" + UUID.randomUUID(), "frank", typed, hook))).isEqualTo(200);
        }
        throw new AssertionError("no action_done within 8 replies");
    }

    @Test
    void httpModeInAGroupAnotherMembersChoiceIsRefusedToThem() throws Exception {
        String hook = FAKE.webhookUrl("crew");
        post(DingTalkFixtures.group("h-" + UUID.randomUUID(), "cidCrew", "gina", "我要请假", hook));
        await().atMost(WAIT).until(() -> FAKE.requests("/robot/sendBySession/crew").size() == 1);
        JsonNode card = FAKE.requests("/robot/sendBySession/crew").get(0).json();
        assertThat(card.path("actionCard").path("text").asString()).startsWith("@Nick gina");
        String ginasChoice = command(card.path("actionCard"));

        post(DingTalkFixtures.group("h-" + UUID.randomUUID(), "cidCrew", "hank", ginasChoice, hook));
        await().atMost(WAIT).until(() -> FAKE.requests("/robot/sendBySession/crew").size() == 2);
        JsonNode refusal = FAKE.requests("/robot/sendBySession/crew").get(1).json();
        assertThat(refusal.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(refusal.path("markdown").path("title").asString()).isEqualTo("提示");
        assertThat(refusal.path("at").path("atUserIds").get(0).asString()).isEqualTo("hank");
    }
}
