package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.UserText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** HTTP mode: {@code POST /callback/dingtalk/{botId}} checks, answers at once, and replies later. */
class DingTalkHttpModeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private FakeDingTalk fake;
    private TestChannel channel;
    private MockMvc mvc;
    private final ScriptedConversations engine = new ScriptedConversations();

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeDingTalk();
        BotConfig http = DingTalkFixtures.bot("ops", DingTalkMode.HTTP, null, fake.baseUrl());
        BotConfig stream = DingTalkFixtures.bot("hr", DingTalkMode.STREAM, null, fake.baseUrl());
        channel = new TestChannel(engine, DingTalkProperties.defaults(), http, stream);
        mvc = MockMvcBuilders.standaloneSetup(new DingTalkCallbackController(channel.registry, channel.inbound,
                channel.metrics, DingTalkProperties.defaults(), Clock.systemUTC())).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.hold.countDown();
        channel.close();
        fake.close();
        engine.shutdown();
    }

    /** A body addressed to {@code botId}'s robot, signed with {@code secret}. */
    private MockHttpServletRequestBuilder signed(String botId, String body, long timestamp, String secret) {
        return raw(botId, DingTalkFixtures.to("robot-" + botId, body), timestamp, secret);
    }

    /** The body exactly as given, signed with {@code secret}. */
    private MockHttpServletRequestBuilder raw(String botId, String body, long timestamp, String secret) {
        String ts = String.valueOf(timestamp);
        return post("/callback/dingtalk/" + botId).contentType(MediaType.APPLICATION_JSON)
                .header("timestamp", ts).header("sign", CallbackSignature.sign(ts, secret))
                .content(body.getBytes(StandardCharsets.UTF_8));
    }

    private MockHttpServletRequestBuilder signed(String body) {
        return signed("ops", body, System.currentTimeMillis(), "secret-ops");
    }

    @Test
    void aSignedMessageIsAnsweredAtOnceAndRepliedToLater() throws Exception {
        engine.hold = new CountDownLatch(1);
        mvc.perform(signed(DingTalkFixtures.group("h-1", "cidG", "alice", "我要请假", fake.webhookUrl("h1"))))
                .andExpect(status().isOk());
        // The request returned while the engine was still held: the reply comes later, off the request thread.
        assertThat(fake.requests("/robot/sendBySession/")).isEmpty();
        engine.hold.countDown();
        await().atMost(WAIT).until(() -> fake.requests("/robot/sendBySession/h1").size() == 1);
        UserText event = (UserText) engine.events.get(0);
        assertThat(event.text()).isEqualTo("我要请假");
        assertThat(event.origin().session()).isEqualTo(new SessionKey("ops", "cidG", "alice"));
        JsonNode reply = fake.requests("/robot/sendBySession/h1").get(0).json();
        // Group replies address the person they answer.
        assertThat(reply.path("actionCard").path("text").asString()).startsWith("@Nick alice");
        assertThat(channel.count("ops", "accepted")).isEqualTo(1.0);
    }

    @Test
    void aRetriedCallbackIsHandledOnce() throws Exception {
        String body = DingTalkFixtures.oneToOne("h-dup", "u1", "我要请假", fake.webhookUrl("h2"));
        mvc.perform(signed(body)).andExpect(status().isOk());
        mvc.perform(signed(body)).andExpect(status().isOk());
        await().atMost(WAIT).until(() -> fake.requests("/robot/sendBySession/h2").size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> fake.requests("/robot/sendBySession/h2").size() == 1);
        assertThat(engine.events).hasSize(1);
        assertThat(channel.count("ops", "duplicate")).isEqualTo(1.0);
    }

    @Test
    void missingSignatureIsForbidden() throws Exception {
        mvc.perform(post("/callback/dingtalk/ops").contentType(MediaType.APPLICATION_JSON)
                .content(DingTalkFixtures.oneToOne("h-3", "u1", "hi", fake.webhookUrl("x"))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/callback/dingtalk/ops").header("timestamp", String.valueOf(System.currentTimeMillis()))
                .content(DingTalkFixtures.oneToOne("h-3", "u1", "hi", fake.webhookUrl("x"))))
                .andExpect(status().isForbidden());
        assertNothingHandled(2);
    }

    @Test
    void aSignatureWithTheWrongSecretIsForbidden() throws Exception {
        mvc.perform(signed("ops", DingTalkFixtures.oneToOne("h-4", "u1", "hi", fake.webhookUrl("x")),
                System.currentTimeMillis(), "secret-hr")).andExpect(status().isForbidden());
        assertNothingHandled(1);
    }

    @Test
    void aTamperedSignatureIsForbidden() throws Exception {
        String ts = String.valueOf(System.currentTimeMillis());
        String sign = CallbackSignature.sign(ts, "secret-ops");
        String tampered = (sign.charAt(0) == 'A' ? "B" : "A") + sign.substring(1);
        mvc.perform(post("/callback/dingtalk/ops").header("timestamp", ts).header("sign", tampered)
                .content(DingTalkFixtures.oneToOne("h-5", "u1", "hi", fake.webhookUrl("x"))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/callback/dingtalk/ops").header("timestamp", "not-a-number").header("sign", sign)
                .content(DingTalkFixtures.oneToOne("h-5", "u1", "hi", fake.webhookUrl("x"))))
                .andExpect(status().isForbidden());
        assertNothingHandled(2);
    }

    @Test
    void aTimestampOlderOrNewerThanAnHourIsForbidden() throws Exception {
        long hourAndAMinute = Duration.ofMinutes(61).toMillis();
        String body = DingTalkFixtures.oneToOne("h-6", "u1", "hi", fake.webhookUrl("x"));
        mvc.perform(signed("ops", body, System.currentTimeMillis() - hourAndAMinute, "secret-ops"))
                .andExpect(status().isForbidden());
        mvc.perform(signed("ops", body, System.currentTimeMillis() + hourAndAMinute, "secret-ops"))
                .andExpect(status().isForbidden());
        // Within the hour it is accepted.
        mvc.perform(signed("ops", body, System.currentTimeMillis() - Duration.ofMinutes(59).toMillis(),
                "secret-ops")).andExpect(status().isOk());
        assertThat(channel.count("ops", "bad_signature")).isEqualTo(2.0);
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        mvc.perform(signed("{not json")).andExpect(status().isBadRequest());
        mvc.perform(signed("[1,2]")).andExpect(status().isBadRequest());
        mvc.perform(signed("{\"msgtype\":\"text\"}")).andExpect(status().isBadRequest());
        assertThat(engine.events).isEmpty();
        assertThat(channel.count("ops", "malformed")).isEqualTo(3.0);
    }

    @Test
    void fieldsOfTheWrongJsonTypeAreABadRequest() throws Exception {
        String ok = DingTalkFixtures.oneToOne("h-types", "u1", "我要请假", fake.webhookUrl("t"));
        mvc.perform(signed(DingTalkFixtures.with(ok, "senderStaffId", Map.of("a", 1)))).andExpect(status().isBadRequest());
        mvc.perform(signed(DingTalkFixtures.with(ok, "text", Map.of("content", 42)))).andExpect(status().isBadRequest());
        mvc.perform(signed(DingTalkFixtures.with(ok, "text", "我要请假"))).andExpect(status().isBadRequest());
        mvc.perform(signed(DingTalkFixtures.with(ok, "msgId", List.of("x")))).andExpect(status().isBadRequest());
        mvc.perform(signed(DingTalkFixtures.with(ok, "sessionWebhook", Map.of("url", "x"))))
                .andExpect(status().isBadRequest());
        mvc.perform(signed(DingTalkFixtures.with(ok, "sessionWebhookExpiredTime", "soon")))
                .andExpect(status().isBadRequest());
        assertThat(engine.events).isEmpty();
        assertThat(channel.count("ops", "malformed")).isEqualTo(6.0);
        assertThat(fake.requests("/robot/")).isEmpty();
    }

    @Test
    void aSignedBodyForAnotherRobotOrOrgIsForbiddenAndNotProcessed() throws Exception {
        String ok = DingTalkFixtures.oneToOne("h-foreign", "u1", "我要请假", fake.webhookUrl("f"));
        long now = System.currentTimeMillis();
        // Signed with ops's secret, but naming another robot: the signature covers the timestamp only.
        mvc.perform(raw("ops", DingTalkFixtures.to("robot-hr", ok), now, "secret-ops")).andExpect(status().isForbidden());
        mvc.perform(raw("ops", DingTalkFixtures.with(ok, "robotCode", null), now, "secret-ops"))
                .andExpect(status().isForbidden());
        // ops has a corp id: the robot's and the sender's org must be it.
        String toOps = DingTalkFixtures.to("robot-ops", ok);
        mvc.perform(raw("ops", DingTalkFixtures.with(toOps, "chatbotCorpId", "dingother"), now, "secret-ops"))
                .andExpect(status().isForbidden());
        mvc.perform(raw("ops", DingTalkFixtures.with(toOps, "senderCorpId", "dingother"), now, "secret-ops"))
                .andExpect(status().isForbidden());
        assertNothingHandled(4);
        // The same body addressed to ops is served.
        mvc.perform(raw("ops", toOps, now, "secret-ops")).andExpect(status().isOk());
        await().atMost(WAIT).until(() -> engine.events.size() == 1);
    }

    @Test
    void aSessionWebhookOffTheDingTalkHostsIsNotPostedToTheReplyGoesThroughTheOpenApi() throws Exception {
        String[] hooks = {"https://attacker.example/robot/sendBySession/x", "http://api.dingtalk.com/robot/send",
                "http://127.0.0.1:1/robot/sendBySession/y", "https://user@api.dingtalk.com/robot/send"};
        for (int i = 0; i < hooks.length; i++) {
            mvc.perform(signed(DingTalkFixtures.oneToOne("h-hook-" + i, "u" + i, "我要请假", hooks[i])))
                    .andExpect(status().isOk());
        }
        await().atMost(WAIT).until(() -> fake.requests("/v1.0/robot/oToMessages/batchSend").size() == hooks.length);
        assertThat(fake.requests("/robot/sendBySession/")).isEmpty();
        assertThat(channel.meters.counter("actionbridge.dingtalk.webhook.refused", "bot", "ops").count())
                .isEqualTo(hooks.length);
        // A webhook on the bot's configured API host is still used.
        mvc.perform(signed(DingTalkFixtures.oneToOne("h-hook-ok", "v", "我要请假", fake.webhookUrl("ok"))))
                .andExpect(status().isOk());
        await().atMost(WAIT).until(() -> fake.requests("/robot/sendBySession/ok").size() == 1);
    }

    @Test
    void anUnknownBotOrAStreamBotIsNotFound() throws Exception {
        String body = DingTalkFixtures.oneToOne("h-7", "u1", "hi", fake.webhookUrl("x"));
        mvc.perform(signed("nobody", body, System.currentTimeMillis(), "secret-ops")).andExpect(status().isNotFound());
        mvc.perform(signed("hr", body, System.currentTimeMillis(), "secret-hr")).andExpect(status().isNotFound());
        assertThat(engine.events).isEmpty();
    }

    @Test
    void aBodyOver64KilobytesIsTooLarge() throws Exception {
        String big = DingTalkFixtures.oneToOne("h-8", "u1", "x".repeat(70_000), fake.webhookUrl("x"));
        mvc.perform(signed(big)).andExpect(status().isPayloadTooLarge());
        assertThat(engine.events).isEmpty();
        assertThat(channel.count("ops", "too_large")).isEqualTo(1.0);
    }

    private void assertNothingHandled(int badSignatures) {
        assertThat(engine.events).isEmpty();
        assertThat(channel.count("ops", "bad_signature")).isEqualTo(badSignatures);
        assertThat(fake.requests("/robot/")).isEmpty();
    }
}
