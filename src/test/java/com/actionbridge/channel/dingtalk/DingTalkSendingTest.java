package com.actionbridge.channel.dingtalk;

import com.actionbridge.testsupport.MutableClock;
import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.conversation.TurnResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Sending: session webhook versus robot OpenAPI, the access token cache, retries and their limits. */
class DingTalkSendingTest {

    private FakeDingTalk fake;
    private BotConfig bot;
    private DingTalkApi api;
    private DingTalkReplier replier;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DingTalkProperties props = new DingTalkProperties(65536, Duration.ofHours(1), 3,
            Duration.ofMillis(10), Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofHours(1));

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeDingTalk();
        bot = DingTalkFixtures.bot("hr", DingTalkMode.STREAM, null, fake.baseUrl());
        api = new DingTalkApi(props, Clock.systemUTC());
        DingTalkTexts texts = DingTalkTexts.chinese();
        replier = new DingTalkReplier(api, new ActionCardRenderer(texts), new InteractiveCardRenderer(), props,
                Clock.systemUTC(), meters);
    }

    @AfterEach
    void tearDown() throws Exception {
        fake.close();
    }

    private static Card done() {
        return Card.text("action_done", "完成", "已发送");
    }

    @Test
    void anExpiredSessionWebhookFallsBackToTheOneToOneOpenApi() {
        ReplyTarget target = new ReplyTarget(false, "u1", "u1", "Nick", fake.webhookUrl("old"),
                System.currentTimeMillis() - 1000);
        replier.deliver(bot, target, TurnResult.of(done()), null);
        assertThat(fake.requests("/robot/sendBySession/")).isEmpty();
        JsonNode body = fake.requests("/v1.0/robot/oToMessages/batchSend").get(0).json();
        assertThat(body.path("robotCode").asString()).isEqualTo("robot-hr");
        assertThat(body.path("userIds").get(0).asString()).isEqualTo("u1");
        assertThat(body.path("msgKey").asString()).isEqualTo("sampleMarkdown");
        JsonNode param = FakeDingTalk.JSON.readTree(body.path("msgParam").asString());
        assertThat(param.path("text").asString()).contains("已发送");
        assertThat(fake.requests("/v1.0/oauth2/accessToken").get(0).json().path("appKey").asString())
                .isEqualTo("client-hr");
    }

    @Test
    void aGroupWithoutWebhookUsesTheGroupOpenApiAndAddressesThePerson() {
        ReplyTarget target = new ReplyTarget(true, "cidG", "alice", "Alice", null, 0);
        replier.deliver(bot, target, TurnResult.of(done()), null);
        JsonNode body = fake.requests("/v1.0/robot/groupMessages/send").get(0).json();
        assertThat(body.path("openConversationId").asString()).isEqualTo("cidG");
        JsonNode param = FakeDingTalk.JSON.readTree(body.path("msgParam").asString());
        assertThat(param.path("text").asString()).startsWith("@Alice");
    }

    @Test
    void aGroupMarkdownReplyThroughTheWebhookMentionsThePerson() {
        ReplyTarget target = new ReplyTarget(true, "cidG", "alice", "Alice", fake.webhookUrl("g"),
                System.currentTimeMillis() + 3_600_000);
        replier.deliver(bot, target, TurnResult.of(done()), null);
        JsonNode body = fake.requests("/robot/sendBySession/g").get(0).json();
        assertThat(body.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(body.path("at").path("atUserIds").get(0).asString()).isEqualTo("alice");
        assertThat(body.path("markdown").path("text").asString()).startsWith("@alice");
        assertThat(fake.requests("/v1.0/")).isEmpty();
    }

    @Test
    void theAccessTokenIsCachedPerBotAndRenewedAfterAnAuthenticationError() {
        ReplyTarget target = new ReplyTarget(false, "u1", "u1", null, null, 0);
        replier.deliver(bot, target, TurnResult.of(done()), null);
        replier.deliver(bot, target, TurnResult.of(done()), null);
        assertThat(fake.requests("/v1.0/oauth2/accessToken")).hasSize(1);

        BotConfig other = DingTalkFixtures.bot("ops", DingTalkMode.STREAM, null, fake.baseUrl());
        replier.deliver(other, target, TurnResult.of(done()), null);
        assertThat(fake.requests("/v1.0/oauth2/accessToken")).hasSize(2);
        assertThat(fake.requests("/v1.0/oauth2/accessToken").get(1).json().path("appKey").asString())
                .isEqualTo("client-ops");

        fake.failNext("/v1.0/robot/oToMessages/batchSend", 401,
                "{\"code\":\"InvalidAuthentication\",\"message\":\"token expired\"}");
        replier.deliver(bot, target, TurnResult.of(done()), null);
        assertThat(fake.requests("/v1.0/oauth2/accessToken")).hasSize(3);
        var sends = fake.requests("/v1.0/robot/oToMessages/batchSend");
        assertThat(sends.get(sends.size() - 1).header("x-acs-dingtalk-access-token")).isEqualTo("token-3");
    }

    @Test
    void aTokenCloseToExpiryIsRenewedBeforeUse() {
        MutableClock clock = new MutableClock(Instant.now());
        DingTalkApi timed = new DingTalkApi(props, clock);
        ReplyTarget target = new ReplyTarget(false, "u1", "u1", null, null, 0);
        OutgoingMessage message = new ActionCardRenderer(DingTalkTexts.chinese()).render(done(), target);
        timed.robotSend(bot, target, message);
        clock.advance(Duration.ofMinutes(100));
        timed.robotSend(bot, target, message);
        assertThat(fake.requests("/v1.0/oauth2/accessToken")).hasSize(1);
        clock.advance(Duration.ofMinutes(16));
        timed.robotSend(bot, target, message);
        assertThat(fake.requests("/v1.0/oauth2/accessToken")).hasSize(2);
    }

    @Test
    void throttledSendsAreRetriedWithinTheBound() {
        ReplyTarget target = new ReplyTarget(false, "u1", "u1", null, null, 0);
        fake.failNext("/v1.0/robot/oToMessages/batchSend", 429,
                "{\"code\":\"Forbidden.AccessDenied.QpsLimitForApi\",\"message\":\"slow down\"}");
        DingTalkApi.Result r = api.robotSend(bot, target,
                new ActionCardRenderer(DingTalkTexts.chinese()).render(done(), target));
        assertThat(r.ok()).isTrue();
        assertThat(fake.requests("/v1.0/robot/oToMessages/batchSend")).hasSize(2);

        for (int i = 0; i < 5; i++) {
            fake.failNext("/v1.0/robot/oToMessages/batchSend", 429, "{\"code\":\"Throttling\",\"message\":\"x\"}");
        }
        DingTalkApi.Result failed = api.robotSend(bot, target,
                new ActionCardRenderer(DingTalkTexts.chinese()).render(done(), target));
        assertThat(failed.ok()).isFalse();
        assertThat(failed.code()).isEqualTo("Throttling");
        assertThat(fake.requests("/v1.0/robot/oToMessages/batchSend")).hasSize(2 + 3);
    }

    @Test
    void aServerErrorIsNotRetriedBecauseTheMessageMayHaveArrived() {
        ReplyTarget target = new ReplyTarget(false, "u1", "u1", null, null, 0);
        fake.failNext("/v1.0/robot/oToMessages/batchSend", 500, "{\"code\":\"InternalError\",\"message\":\"x\"}");
        DingTalkApi.Result r = api.robotSend(bot, target,
                new ActionCardRenderer(DingTalkTexts.chinese()).render(done(), target));
        assertThat(r.ok()).isFalse();
        assertThat(r.code()).isEqualTo("InternalError");
        assertThat(r.delivered()).isTrue();
        assertThat(fake.requests("/v1.0/robot/oToMessages/batchSend")).hasSize(1);

        // Nor is a webhook that failed that way sent again through the OpenAPI.
        fake.failNext("/robot/sendBySession/w5", 502, "bad gateway");
        replier.deliver(bot, new ReplyTarget(false, "u1", "u1", null, fake.webhookUrl("w5"),
                System.currentTimeMillis() + 3_600_000), TurnResult.of(done()), null);
        assertThat(fake.requests("/v1.0/robot/oToMessages/batchSend")).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetriedThenGivenUp() {
        BotConfig nowhere = DingTalkFixtures.bot("gone", DingTalkMode.STREAM, null, "http://127.0.0.1:1");
        ReplyTarget target = new ReplyTarget(false, "u1", "u1", null, null, 0);
        DingTalkApi.Result r = api.robotSend(nowhere, target,
                new ActionCardRenderer(DingTalkTexts.chinese()).render(done(), target));
        assertThat(r.ok()).isFalse();
        assertThat(r.delivered()).isFalse();
        assertThat(r.code()).isEqualTo("connection_refused");
    }

    @Test
    void aWebhookThatRefusesTheMessageFallsBackToTheOpenApi() {
        fake.failNext("/robot/sendBySession/w", 200, "{\"errcode\":300001,\"errmsg\":\"session expired\"}");
        ReplyTarget target = new ReplyTarget(false, "u1", "u1", null, fake.webhookUrl("w"),
                System.currentTimeMillis() + 3_600_000);
        replier.deliver(bot, target, TurnResult.of(Card.text(CardStatus.NOTICE, "提示", "x")), null);
        assertThat(fake.requests("/robot/sendBySession/w")).hasSize(1);
        assertThat(fake.requests("/v1.0/robot/oToMessages/batchSend")).hasSize(1);
    }

}
