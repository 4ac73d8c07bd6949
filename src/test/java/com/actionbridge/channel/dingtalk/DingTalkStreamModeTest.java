package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.UserText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real app-stream-client against a fake Stream gateway and OpenAPI on 127.0.0.1, with a stand-in engine:
 * receiving, acknowledging, de-duplicating, replying in both renderings, group ownership and reconnecting.
 */
class DingTalkStreamModeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private FakeDingTalk fake;
    private TestChannel channel;
    private final ScriptedConversations engine = new ScriptedConversations();

    private BotConfig start(String template) throws Exception {
        fake = new FakeDingTalk();
        BotConfig bot = DingTalkFixtures.bot("hr", DingTalkMode.STREAM, template, fake.baseUrl());
        channel = new TestChannel(engine, DingTalkProperties.defaults(), bot);
        channel.streams.start();
        await().atMost(WAIT).until(() -> channel.streams.connection("hr").orElseThrow().connected());
        return bot;
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.hold.countDown();
        if (channel != null) {
            channel.close();
        }
        if (fake != null) {
            fake.close();
        }
        engine.shutdown();
    }

    @Test
    void opensTheGatewayWithTheBotsCredentialsAndBothTopics() throws Exception {
        start(null);
        JsonNode open = fake.requests("/v1.0/gateway/connections/open").get(0).json();
        assertThat(open.path("clientId").asString()).isEqualTo("client-hr");
        assertThat(open.path("subscriptions").toString())
                .contains("/v1.0/im/bot/messages/get").contains("/v1.0/card/instances/callback");
        BotConnection state = channel.streams.connection("hr").orElseThrow();
        assertThat(state.lastConnected()).isNotNull();
        assertThat(state.detail()).isEqualTo("stream");
    }

    @Test
    void anHttpBotWithACardTemplateListensForCardClicksOnlyAndStopCloses() throws Exception {
        fake = new FakeDingTalk();
        BotConfig bot = DingTalkFixtures.bot("ops", DingTalkMode.HTTP, "tpl.schema", fake.baseUrl());
        channel = new TestChannel(engine, DingTalkProperties.defaults(), bot);
        channel.streams.start();
        await().atMost(WAIT).until(() -> channel.streams.connection("ops").orElseThrow().connected());
        assertThat(channel.streams.connection("ops").orElseThrow().detail()).contains("http");
        JsonNode open = fake.requests("/v1.0/gateway/connections/open").get(0).json();
        assertThat(open.path("subscriptions").toString())
                .contains("/v1.0/card/instances/callback").doesNotContain("/v1.0/im/bot/messages/get");

        channel.streams.stop();
        assertThat(channel.streams.isRunning()).isFalse();
        assertThat(channel.streams.connection("ops").orElseThrow().connected()).isFalse();
        // A stopped client does not come back: nothing opens a connection over the SDK's 5 s reconnect tick.
        int opens = fake.opens.get();
        await().during(Duration.ofSeconds(6)).atMost(WAIT).until(() -> fake.opens.get() == opens);
    }

    @Test
    void aReplacedBotsListOpensAndStopsClientsAndABotThatCannotConnectHarmsNoOther() throws Exception {
        BotConfig hr = start(null);
        BotConfig ops = DingTalkFixtures.bot("ops", DingTalkMode.HTTP, "tpl.schema", fake.baseUrl());
        BotConfig broken = DingTalkFixtures.bot("broken", DingTalkMode.STREAM, null, "http://127.0.0.1:9");

        channel.registry.replace(List.of(hr, ops, broken));
        await().atMost(WAIT).until(() -> channel.streams.connection("ops").orElseThrow().connected()
                && fake.openConnections("client-ops") == 1);
        assertThat(channel.streams.connection("broken").orElseThrow().connected()).isFalse();
        assertThat(channel.streams.connection("hr").orElseThrow().connected()).isTrue();

        // ops drops its card template: an HTTP bot without one needs no Stream connection; broken is removed.
        BotConfig opsPlain = DingTalkFixtures.bot("ops", DingTalkMode.HTTP, null, fake.baseUrl());
        channel.registry.replace(List.of(hr, opsPlain));
        await().atMost(WAIT).until(() -> fake.openConnections("client-ops") == 0);
        assertThat(channel.streams.connection("ops").orElseThrow().detail()).isEqualTo("http callback");
        assertThat(channel.streams.connection("broken")).isEmpty();
        assertThat(fake.openCalls("client-hr")).as("hr was never touched").hasSize(1);
        assertThat(fake.openConnections("client-hr")).isEqualTo(1);
    }

    @Test
    void aListReplacedWhileStoppedOpensNothingUntilTheNextStart() throws Exception {
        BotConfig hr = start(null);
        channel.streams.stop();
        await().atMost(WAIT).until(() -> fake.openConnections("client-hr") == 0);
        channel.registry.replace(List.of(hr, DingTalkFixtures.bot("ops", DingTalkMode.STREAM, null, fake.baseUrl())));
        assertThat(fake.openCalls("client-ops")).isEmpty();
        channel.streams.start();
        await().atMost(WAIT).until(() -> channel.streams.connection("ops").orElseThrow().connected()
                && channel.streams.connection("hr").orElseThrow().connected());
    }

    @Test
    void aRefusedGatewayCallIsReportedAsTheLastErrorUntilTheClientGetsIn() throws Exception {
        fake = new FakeDingTalk();
        // The first refusal may come before the probe is in place; the second one (5 s later) is seen.
        fake.failNext("/v1.0/gateway/connections/open", 401, "{\"code\":\"InvalidAuthentication\",\"message\":\"bad\"}");
        fake.failNext("/v1.0/gateway/connections/open", 401, "{\"code\":\"InvalidAuthentication\",\"message\":\"bad\"}");
        BotConfig bot = DingTalkFixtures.bot("hr", DingTalkMode.STREAM, null, fake.baseUrl());
        channel = new TestChannel(engine, DingTalkProperties.defaults(), bot);
        channel.streams.start();
        await().atMost(WAIT).until(() -> channel.streams.connection("hr").orElseThrow().lastError() != null);
        assertThat(channel.streams.connection("hr").orElseThrow().connected()).isFalse();
        assertThat(channel.streams.connection("hr").orElseThrow().lastError()).doesNotContain("secret-hr");
        await().atMost(WAIT).until(() -> channel.streams.connection("hr").orElseThrow().connected());
        assertThat(fake.opens.get()).isEqualTo(1);
    }

    @Test
    void acknowledgesAtOnceAndRepliesWithAnActionCardThroughTheSessionWebhook() throws Exception {
        start(null);
        engine.hold = new CountDownLatch(1);
        String messageId = fake.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("msg-1", "u1", "把你好发送到企业微信群机器人", fake.webhookUrl("s1")));

        // Acknowledged while the engine is still busy with it.
        await().atMost(WAIT).until(() -> fake.acks.containsKey(messageId));
        assertThat(fake.acks.get(messageId).path("code").asInt()).isEqualTo(200);
        assertThat(fake.requests("/robot/sendBySession/")).isEmpty();

        engine.hold.countDown();
        await().atMost(WAIT).until(() -> fake.requests("/robot/sendBySession/s1").size() == 1);
        UserText event = (UserText) engine.events.get(0);
        assertThat(event.text()).isEqualTo("把你好发送到企业微信群机器人");
        assertThat(event.origin().session()).isEqualTo(SessionKey.oneToOne("hr", "u1"));
        assertThat(event.origin().upstreamUserId()).isEqualTo("dingtalk:dingcorp1:u1");

        JsonNode body = fake.requests("/robot/sendBySession/s1").get(0).json();
        assertThat(body.path("msgtype").asString()).isEqualTo("actionCard");
        JsonNode btns = body.path("actionCard").path("btns");
        assertThat(btns.size()).isEqualTo(2);
        assertThat(btns.get(0).path("actionURL").asString())
                .startsWith("dtmd://dingtalkclient/sendMessage?content=1.%20");
        assertThat(body.path("actionCard").path("text").asString()).contains("1. 发送文本消息", "2. 发送Markdown消息");
    }

    @Test
    void aRedeliveredMessageIsAnsweredOnce() throws Exception {
        start(null);
        String data = DingTalkFixtures.oneToOne("msg-dup", "u1", "我要请假", fake.webhookUrl("s1"));
        String first = fake.push(DingTalkStreamClients.BOT_TOPIC, data);
        String second = fake.push(DingTalkStreamClients.BOT_TOPIC, data);
        await().atMost(WAIT).until(() -> fake.acks.containsKey(first) && fake.acks.containsKey(second));
        await().atMost(WAIT).until(() -> fake.requests("/robot/sendBySession/s1").size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> fake.requests("/robot/sendBySession/s1").size() == 1);
        assertThat(engine.events).hasSize(1);
        assertThat(channel.count("hr", "duplicate")).isEqualTo(1.0);
    }

    @Test
    void aFrameWithFieldsOfTheWrongJsonTypeIsDroppedWithoutATurn() throws Exception {
        start(null);
        String ok = DingTalkFixtures.oneToOne("msg-typed", "u1", "我要请假", fake.webhookUrl("s3"));
        String objectSender = fake.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.with(ok, "senderStaffId", java.util.Map.of("a", 1)));
        String numberText = fake.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.with(ok, "text", java.util.Map.of("content", 42)));
        await().atMost(WAIT).until(() -> fake.acks.containsKey(objectSender) && fake.acks.containsKey(numberText));
        assertThat(channel.count("hr", "malformed")).isEqualTo(2.0);
        assertThat(engine.events).isEmpty();
        assertThat(fake.requests("/robot/")).isEmpty();
    }

    @Test
    void anythingButTextGetsThePoliteTextOnlyAnswer() throws Exception {
        start(null);
        fake.push(DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.picture("msg-pic", "u1", fake.webhookUrl("s1")));
        await().atMost(WAIT).until(() -> fake.requests("/robot/sendBySession/s1").size() == 1);
        assertThat(fake.requests("/robot/sendBySession/s1").get(0).body()).contains("只支持文字消息");
        assertThat(engine.events).isEmpty();
    }

    @Test
    void reconnectsAfterTheGatewayDropsTheConnectionAndMessagesFlowAgain() throws Exception {
        start(null);
        fake.dropConnections();
        await().atMost(WAIT).until(() -> fake.opens.get() >= 2);
        await().atMost(WAIT).until(() -> {
            BotConnection c = channel.streams.connection("hr").orElseThrow();
            return c.connected() && c.reconnects() >= 1;
        });
        String messageId = fake.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("msg-after", "u1", "帮我创建一个待办", fake.webhookUrl("s2")));
        await().atMost(WAIT).until(() -> fake.acks.containsKey(messageId));
        await().atMost(WAIT).until(() -> fake.requests("/robot/sendBySession/s2").size() == 1);
    }

    @Test
    void withATemplateAClickUpdatesTheCardInPlaceAndDeliversTheNextOne() throws Exception {
        start("tpl.schema");
        fake.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("msg-c1", "u1", "把你好发送到企业微信群机器人", fake.webhookUrl("s1")));
        await().atMost(WAIT).until(() -> fake.requests("/v1.0/card/instances/createAndDeliver").size() == 1);
        JsonNode created = fake.requests("/v1.0/card/instances/createAndDeliver").get(0).json();
        assertThat(created.path("cardTemplateId").asString()).isEqualTo("tpl.schema");
        assertThat(created.path("callbackType").asString()).isEqualTo("STREAM");
        assertThat(created.path("openSpaceId").asString()).isEqualTo("dtv1.card//IM_ROBOT.u1");
        JsonNode params = created.path("cardData").path("cardParamMap");
        params.properties().forEach(e -> assertThat(e.getValue().isString()).as(e.getKey()).isTrue());
        assertThat(params.path("status").asString()).isEqualTo("action_found");
        JsonNode buttons = FakeDingTalk.JSON.readTree(params.path("buttons").asString());
        assertThat(buttons.get(0).path("label").asString()).isEqualTo("发送文本消息");
        String token = buttons.get(0).path("token").asString();
        assertThat(fake.requests("/v1.0/oauth2/accessToken")).hasSize(1);
        assertThat(fake.requests("/v1.0/card/instances/createAndDeliver").get(0)
                .header("x-acs-dingtalk-access-token")).isEqualTo("token-1");

        String outTrackId = created.path("outTrackId").asString();
        String click = fake.push(DingTalkStreamClients.CARD_TOPIC,
                DingTalkFixtures.cardClick(outTrackId, "u1", token, "IM_ROBOT", "u1"));
        await().atMost(WAIT).until(() -> fake.acks.containsKey(click));
        await().atMost(WAIT).until(() -> fake.requests("/v1.0/card/instances/createAndDeliver").size() == 2);
        List<FakeDingTalk.Request> updates = fake.requests("/v1.0/card/instances").stream()
                .filter(r -> r.method().equals("PUT")).toList();
        assertThat(updates).hasSize(1);
        JsonNode update = updates.get(0).json();
        assertThat(update.path("outTrackId").asString()).isEqualTo(outTrackId);
        assertThat(update.path("cardData").path("cardParamMap").path("chosen").asString()).isEqualTo("发送文本消息");
        assertThat(update.path("cardData").path("cardParamMap").path("disabled").asString()).isEqualTo("true");
        JsonNode next = fake.requests("/v1.0/card/instances/createAndDeliver").get(1).json();
        assertThat(next.path("cardData").path("cardParamMap").path("status").asString()).isEqualTo("action_done");
        assertThat(((ChoicePicked) engine.events.get(1)).token()).isEqualTo(token);
        // One token for the whole exchange: it was cached.
        assertThat(fake.requests("/v1.0/oauth2/accessToken")).hasSize(1);
    }

    @Test
    void inAGroupAnotherMembersClickIsRefusedToTheClickerAndChangesNothing() throws Exception {
        start("tpl.schema");
        fake.push(DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.group("msg-g1", "cidGroup1", "alice", "我要请假", fake.webhookUrl("g1")));
        await().atMost(WAIT).until(() -> fake.requests("/v1.0/card/instances/createAndDeliver").size() == 1);
        JsonNode created = fake.requests("/v1.0/card/instances/createAndDeliver").get(0).json();
        assertThat(created.path("openSpaceId").asString()).isEqualTo("dtv1.card//IM_GROUP.cidGroup1");
        assertThat(created.path("imGroupOpenDeliverModel").path("atUserIds").has("alice")).isTrue();
        assertThat(((UserText) engine.events.get(0)).text()).isEqualTo("我要请假");
        String token = FakeDingTalk.JSON.readTree(created.path("cardData").path("cardParamMap").path("buttons")
                .asString()).get(0).path("token").asString();

        fake.push(DingTalkStreamClients.CARD_TOPIC, DingTalkFixtures.cardClick(
                created.path("outTrackId").asString(), "bob", token, "IM_GROUP", "cidGroup1"));
        await().atMost(WAIT).until(() -> fake.requests("/v1.0/card/instances/createAndDeliver").size() == 2);
        ChoicePicked click = (ChoicePicked) engine.events.get(1);
        assertThat(click.origin().session()).isEqualTo(new SessionKey("hr", "cidGroup1", "bob"));
        JsonNode notice = fake.requests("/v1.0/card/instances/createAndDeliver").get(1).json();
        assertThat(notice.path("cardData").path("cardParamMap").path("status").asString()).isEqualTo("notice");
        assertThat(notice.path("imGroupOpenDeliverModel").path("atUserIds").has("bob")).isTrue();
        assertThat(fake.requests("/v1.0/card/instances").stream().filter(r -> r.method().equals("PUT"))).isEmpty();
        assertThat(engine.tokens).containsKey(token);
    }
}
