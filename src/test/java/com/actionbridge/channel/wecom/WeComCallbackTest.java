package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConnection;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.UserText;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static com.actionbridge.channel.wecom.FakeWeComApi.GET_TOKEN;
import static com.actionbridge.channel.wecom.FakeWeComApi.SEND;
import static com.actionbridge.channel.wecom.FakeWeComApi.UPDATE_CARD;
import static com.actionbridge.channel.wecom.WeComCallbackClient.CORP_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WeCom channel end to end with real WxJava: callbacks encrypted by WxJava's crypt util, replies sent to a
 * fake WeCom API on 127.0.0.1, the engine replaced by a scripted one that keeps the engine's contract.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class WeComCallbackTest {

    static final FakeWeComApi API = FakeWeComApi.start();

    @TestConfiguration
    static class Engine {
        @Bean
        @Primary
        ScriptedConversations scriptedConversations() {
            return new ScriptedConversations();
        }
    }

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        registry.add("actionbridge.upstream.sandbox", () -> "true");
        registry.add("bots[0].id", () -> "ops");
        registry.add("bots[0].platform", () -> "wecom");
        registry.add("bots[0].corp-id", () -> CORP_ID);
        registry.add("bots[0].agent-id", () -> WeComCallbackClient.AGENT_ID);
        registry.add("bots[0].secret", () -> "app-secret-value");
        registry.add("bots[0].token", () -> WeComCallbackClient.TOKEN);
        registry.add("bots[0].aes-key", () -> WeComCallbackClient.AES_KEY);
        registry.add("bots[0].api-base-url", API::baseUrl);
        registry.add("actionbridge.wecom.send-backoff", () -> "20ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    ScriptedConversations engine;
    @Autowired
    WeComClients clients;
    @Autowired
    MeterRegistry meters;

    WeComCallbackClient wecom;

    @AfterAll
    static void stop() {
        API.close();
    }

    @BeforeEach
    void setUp() {
        wecom = new WeComCallbackClient(port);
        engine.reset();
        API.reset();
    }

    private List<FakeWeComApi.Request> awaitSends(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> API.requests(SEND).size() >= n);
        return API.requests(SEND);
    }

    private double count(String outcome) {
        var counter = meters.find("actionbridge.callbacks").tag("bot", "ops").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aMessageEncryptedForAnotherCorpIsRefusedAndNotProcessed(CapturedOutput output) throws Exception {
        // Same token and key, right corp in the inner XML, but WeCom's receiver id trailer names another corp.
        WeComCallbackClient.Signed foreign = wecom.signFor("wwotherotherother0",
                WeComCallbackClient.text("mallory", 8801, "我要请假"));
        HttpResponse<String> response = wecom.post("ops", foreign, WeComCallbackClient.envelope(foreign, CORP_ID));
        assertThat(response.statusCode()).isEqualTo(403);
        WeComCallbackClient.Signed echo = wecom.signFor("wwotherotherother0", "echo-foreign");
        assertThat(wecom.verifyUrl("ops", echo).statusCode()).isEqualTo(403);
        assertThat(engine.events).isEmpty();
        assertThat(output.getAll()).contains("encrypted for another corp");
        // The same message for our corp is served.
        assertThat(wecom.post("ops", WeComCallbackClient.text("mallory", 8802, "我要请假")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.events.size() == 1);
    }

    @Test
    void aCiphertextWithAHugeOrInconsistentLengthFieldIsABadRequestNotAnAllocation(CapturedOutput output)
            throws Exception {
        String text = WeComCallbackClient.text("mallory", 8803, "hi");
        for (int length : new int[] {Integer.MAX_VALUE, -1, 0x40000000, text.length() + 200}) {
            WeComCallbackClient.Signed signed = WeComCallbackClient.signWithLengthField(text, length);
            assertThat(wecom.post("ops", signed, WeComCallbackClient.envelope(signed, CORP_ID)).statusCode())
                    .as("length field %d", length).isEqualTo(400);
            assertThat(wecom.verifyUrl("ops", signed).statusCode()).as("echostr length field %d", length)
                    .isEqualTo(400);
        }
        assertThat(engine.events).isEmpty();
        assertThat(output.getAll()).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
        // The crafting is right: with the true length the same ciphertext is accepted.
        WeComCallbackClient.Signed honest = WeComCallbackClient.signWithLengthField(text,
                text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(wecom.post("ops", honest, WeComCallbackClient.envelope(honest, CORP_ID)).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.events.size() == 1);
    }

    @Test
    void urlVerificationAnswersTheDecryptedEchostrAsPlainText() throws Exception {
        HttpResponse<String> ok = wecom.verifyUrl("ops", "echo-1234567890");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("echo-1234567890");
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));

        WeComCallbackClient.Signed signed = wecom.sign("echo-x");
        HttpResponse<String> forged = wecom.verifyUrl("ops", new WeComCallbackClient.Signed(signed.encrypt(),
                "0".repeat(40), signed.timestamp(), signed.nonce()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wecom.verifyUrl("nobody", "echo").statusCode()).isEqualTo(404);
        WeComCallbackClient.Signed old = wecom.resignAt(wecom.sign("echo-old"), WeComCallbackClient.now() - 600);
        assertThat(wecom.verifyUrl("ops", old).statusCode()).isEqualTo(403);
    }

    @Test
    void textGoesToTheEngineAndTheReplyIsAButtonCardSentOffTheRequestThread() throws Exception {
        engine.gate = new CountDownLatch(1);
        long start = System.nanoTime();
        HttpResponse<String> response = wecom.post("ops", WeComCallbackClient.text("zhangsan", 1001, "把你好发送到企业微信群机器人"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(millis).isLessThan(2000);
        assertThat(API.requests(SEND)).isEmpty(); // the engine is still held: the answer did not wait for it
        engine.gate.countDown();

        JsonObject sent = awaitSends(1).get(0).json();
        assertThat(sent.get("touser").getAsString()).isEqualTo("zhangsan");
        assertThat(sent.get("agentid").getAsInt()).isEqualTo(WeComCallbackClient.AGENT_ID);
        assertThat(sent.get("msgtype").getAsString()).isEqualTo("template_card");
        assertThat(sent.getAsJsonObject("template_card").getAsJsonArray("button_list")).hasSize(2);

        UserText text = (UserText) engine.events.get(0);
        assertThat(text.text()).isEqualTo("把你好发送到企业微信群机器人");
        assertThat(text.origin().session()).isEqualTo(SessionKey.oneToOne("ops", "zhangsan"));
        assertThat(text.origin().upstreamUserId()).isEqualTo("wecom:" + CORP_ID + ":zhangsan");
        assertThat(engine.threads).containsOnly("scripted-engine");
    }

    @Test
    void theSameCallbackDeliveredThreeTimesIsHandledOnce() throws Exception {
        double before = count("duplicate");
        WeComCallbackClient.Signed signed = wecom.sign(WeComCallbackClient.text("lisi", 2002, "我要请假"));
        String body = WeComCallbackClient.envelope(signed, CORP_ID);
        for (int i = 0; i < 3; i++) {
            assertThat(wecom.post("ops", signed, body).statusCode()).isEqualTo(200);
        }
        awaitSends(1);
        // a fourth copy after the reply went out is still dropped
        assertThat(wecom.post("ops", signed, body).statusCode()).isEqualTo(200);

        assertThat(engine.events).hasSize(1);
        assertThat(API.requests(SEND)).hasSize(1);
        assertThat(count("duplicate") - before).isEqualTo(3);
    }

    @Test
    void aClickGreysTheCardOutThenTheNextCardIsSentAndADoubleClickIsOneAction() throws Exception {
        wecom.post("ops", WeComCallbackClient.text("wangwu", 3003, "把你好发送到企业微信群机器人"));
        JsonObject card = awaitSends(1).get(0).json().getAsJsonObject("template_card");
        String taskId = card.get("task_id").getAsString();
        JsonArray buttons = card.getAsJsonArray("button_list");
        String key = buttons.get(0).getAsJsonObject().get("key").getAsString();

        String click = WeComCallbackClient.click("wangwu", taskId, key, "rc-1");
        assertThat(wecom.post("ops", click).statusCode()).isEqualTo(200);
        assertThat(wecom.post("ops", click).statusCode()).isEqualTo(200); // the same click retried by WeCom
        // a second, distinct click on the same button (a double click before the card greyed out)
        assertThat(wecom.post("ops", WeComCallbackClient.click("wangwu", taskId, key, "rc-2")).statusCode())
                .isEqualTo(200);

        List<FakeWeComApi.Request> sends = awaitSends(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.events.size() == 3);
        assertThat(engine.events.stream().filter(ChoicePicked.class::isInstance)).hasSize(2);
        assertThat(engine.actions.get()).isEqualTo(1);

        List<FakeWeComApi.Request> updates = API.requests(UPDATE_CARD);
        assertThat(updates).hasSize(1);
        JsonObject update = updates.get(0).json();
        assertThat(update.get("response_code").getAsString()).isEqualTo("rc-1");
        assertThat(update.get("agentid").getAsInt()).isEqualTo(WeComCallbackClient.AGENT_ID);
        assertThat(update.getAsJsonArray("userids").get(0).getAsString()).isEqualTo("wangwu");
        assertThat(update.getAsJsonObject("button").get("replace_name").getAsString()).isEqualTo("已选择：发送文本消息");
        assertThat(sends.get(1).json().get("msgtype").getAsString()).isEqualTo("markdown");
        assertThat(sends.get(1).json().getAsJsonObject("markdown").get("content").getAsString()).contains("已执行：发送文本消息");
        assertThat(sends.get(2).json().getAsJsonObject("markdown").get("content").getAsString()).contains("已经选过了");
        // the card was updated before the next card was sent
        assertThat(API.callOrder()).containsExactly(SEND, UPDATE_CARD, SEND, SEND);
    }

    @Test
    void sevenOptionsShowFiveButtonsAndTheRestAsNumberedLines() throws Exception {
        engine.choices = 7;
        wecom.post("ops", WeComCallbackClient.text("zhaoliu", 4004, "发送"));
        List<FakeWeComApi.Request> sends = awaitSends(2);
        assertThat(sends.get(0).json().getAsJsonObject("template_card").getAsJsonArray("button_list")).hasSize(5);
        assertThat(sends.get(1).json().getAsJsonObject("markdown").get("content").getAsString())
                .contains("6. 查询天气").contains("7. 发送图片");
    }

    @Test
    void otherMessageTypesGetAPoliteTextOnlyReplyAndEnteringTheAppAWelcome() throws Exception {
        wecom.post("ops", WeComCallbackClient.image("sunqi", 5005));
        String reply = awaitSends(1).get(0).json().getAsJsonObject("markdown").get("content").getAsString();
        assertThat(reply).contains("只支持文字消息");

        String enter = WeComCallbackClient.enterAgent("sunqi", WeComCallbackClient.now());
        wecom.post("ops", enter);
        wecom.post("ops", enter);
        String welcome = awaitSends(2).get(1).json().getAsJsonObject("markdown").get("content").getAsString();
        assertThat(welcome).contains("把你好发送到企业微信群机器人").contains("帮我创建一个待办");
        assertThat(engine.events).isEmpty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> API.requests(SEND).size() == 2);
    }

    @Test
    void everyBadInputIsRefusedWithItsStatusAndNothingIsProcessed() throws Exception {
        double badSignature = count("bad_signature");
        double malformed = count("malformed");
        double tooLarge = count("too_large");
        String text = WeComCallbackClient.text("hacker", 6006, "hi");
        WeComCallbackClient.Signed good = wecom.sign(text);

        WeComCallbackClient.Signed forged = new WeComCallbackClient.Signed(good.encrypt(), "a".repeat(40),
                good.timestamp(), good.nonce());
        assertThat(wecom.post("ops", forged, WeComCallbackClient.envelope(forged, CORP_ID)).statusCode()).isEqualTo(403);

        WeComCallbackClient.Signed stale = wecom.resignAt(good, WeComCallbackClient.now() - 3600);
        assertThat(wecom.post("ops", stale, WeComCallbackClient.envelope(stale, CORP_ID)).statusCode()).isEqualTo(403);
        WeComCallbackClient.Signed future = wecom.resignAt(good, WeComCallbackClient.now() + 3600);
        assertThat(wecom.post("ops", future, WeComCallbackClient.envelope(future, CORP_ID)).statusCode()).isEqualTo(403);

        String otherCorp = text.replace(CORP_ID, "wwffffffffffffffff");
        WeComCallbackClient.Signed wrongInner = wecom.sign(otherCorp);
        assertThat(wecom.post("ops", wrongInner, WeComCallbackClient.envelope(wrongInner, CORP_ID)).statusCode())
                .isEqualTo(400);
        assertThat(wecom.post("ops", good, WeComCallbackClient.envelope(good, "wwffffffffffffffff")).statusCode())
                .isEqualTo(400);

        assertThat(wecom.post("ops", good, WeComCallbackClient.envelope(good, CORP_ID, 1000999)).statusCode())
                .isEqualTo(400); // another app of the same corp

        WeComCallbackClient.Signed notXml = wecom.sign("this is not xml <");
        assertThat(wecom.post("ops", notXml, WeComCallbackClient.envelope(notXml, CORP_ID)).statusCode()).isEqualTo(400);
        assertThat(wecom.post("ops", good, "<xml><Encrypt>" + good.encrypt()).statusCode()).isEqualTo(400);
        assertThat(wecom.post("ops", good, "<xml><ToUserName>x</ToUserName></xml>").statusCode()).isEqualTo(400);

        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><ToUserName>&e;</ToUserName><Encrypt><![CDATA[" + good.encrypt() + "]]></Encrypt></xml>";
        assertThat(wecom.post("ops", good, xxe).statusCode()).isEqualTo(400);
        String bomb = "<!doctype lolz [<!entity lol \"lol\">]><xml><Encrypt>&lol;</Encrypt></xml>";
        assertThat(wecom.post("ops", good, bomb).statusCode()).isEqualTo(400);

        String padding = "<!--" + "x".repeat(70 * 1024) + "-->";
        String big = WeComCallbackClient.envelope(good, CORP_ID).replace("</xml>", padding + "</xml>");
        assertThat(wecom.post("ops", good, big).statusCode()).isEqualTo(413);
        assertThat(wecom.postChunked("ops", good, big.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(413);

        assertThat(wecom.post("nobody", good, WeComCallbackClient.envelope(good, CORP_ID)).statusCode()).isEqualTo(404);

        // the genuine delivery still goes through afterwards: none of the refusals marked it as seen
        assertThat(wecom.post("ops", good, WeComCallbackClient.envelope(good, CORP_ID)).statusCode()).isEqualTo(200);
        awaitSends(1);
        assertThat(engine.events).hasSize(1);
        assertThat(count("bad_signature") - badSignature).isEqualTo(6);
        assertThat(count("malformed") - malformed).isEqualTo(5);
        assertThat(count("too_large") - tooLarge).isEqualTo(2);
    }

    @Test
    void aTokenExpiringMidDialogueIsRefreshedAndTheReplySent() throws Exception {
        wecom.post("ops", WeComCallbackClient.text("qianba", 7007, "第一句"));
        awaitSends(1);
        int tokensBefore = API.requests(GET_TOKEN).size();
        API.expireToken();

        wecom.post("ops", WeComCallbackClient.text("qianba", 7008, "第二句"));
        // the refused try, then the same message with a fresh token
        List<FakeWeComApi.Request> sends = awaitSends(3);
        assertThat(sends).hasSize(3);
        assertThat(sends.get(1).body()).isEqualTo(sends.get(2).body());
        List<FakeWeComApi.Request> gettoken = API.requests(GET_TOKEN);
        assertThat(gettoken).hasSize(tokensBefore + 1);
        assertThat(gettoken.get(gettoken.size() - 1).query()).containsEntry("corpid", CORP_ID)
                .containsEntry("corpsecret", "app-secret-value");
        assertThat(sends.get(2).query().get("access_token")).isEqualTo(API.currentToken()).isNotEqualTo("expired");
        assertThat(clients.connection("ops")).hasValueSatisfying(c -> assertThat(c.connected()).isTrue());
    }

    @Test
    void errcode42001OnceIsRefreshedByWxJava() throws Exception {
        wecom.post("ops", WeComCallbackClient.text("zhoujiu", 7101, "你好"));
        awaitSends(1);
        int tokensBefore = API.requests(GET_TOKEN).size();
        API.failNext(SEND, 42001);

        wecom.post("ops", WeComCallbackClient.text("zhoujiu", 7102, "再来"));
        await().atMost(Duration.ofSeconds(10)).until(() -> API.requests(SEND).size() == 3);
        assertThat(API.requests(GET_TOKEN)).hasSize(tokensBefore + 1);
        assertThat(engine.events).hasSize(2);
    }

    @Test
    void untrustedIpErrorIsLoggedWithAHintAndTheBotKeepsWorking(CapturedOutput output) throws Exception {
        API.failNext(SEND, 60020);
        wecom.post("ops", WeComCallbackClient.text("wushi", 8008, "你好"));
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("60020"));
        assertThat(output.getOut()).contains("errcode 60020").contains("trusted IPs");
        assertThat(API.requests(SEND)).hasSize(1); // not retried: not a safe case
        BotConnection down = clients.connection("ops").orElseThrow();
        assertThat(down.connected()).isFalse();
        assertThat(down.lastError()).contains("60020").contains("trusted IPs");

        wecom.post("ops", WeComCallbackClient.text("wushi", 8009, "再试"));
        awaitSends(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.connection("ops").orElseThrow().connected());
    }

    @Test
    void rateLimitIsRetriedWithBackoffAndSucceeds() throws Exception {
        API.failNext(SEND, 45009, 45009);
        wecom.post("ops", WeComCallbackClient.text("zhengshiyi", 9009, "你好"));
        await().atMost(Duration.ofSeconds(10)).until(() -> API.requests(SEND).size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.connection("ops").orElseThrow().connected());
    }

    @Test
    void systemBusyIsRetriedAndSucceeds() throws Exception {
        API.failNext(SEND, -1);
        wecom.post("ops", WeComCallbackClient.text("fengshier", 9200, "你好"));
        await().atMost(Duration.ofSeconds(10)).until(() -> API.requests(SEND).size() == 2);
        assertThat(API.requests(SEND).get(0).body()).isEqualTo(API.requests(SEND).get(1).body());
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.connection("ops").orElseThrow().connected());
    }

    @Test
    void busyOnEveryTryIsGivenUpAfterTheBoundAndLogged(CapturedOutput output) throws Exception {
        API.failNext(SEND, -1, -1, -1, -1, -1, -1);
        wecom.post("ops", WeComCallbackClient.text("fengshier", 9201, "你好"));
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("errcode -1"));
        assertThat(API.requests(SEND)).hasSize(3); // send-max-attempts
        assertThat(output.getOut()).contains("system busy");
    }

    @Test
    void secretsNeverReachTheLog(CapturedOutput output) throws Exception {
        API.failNext(SEND, 40001, 40001);
        wecom.post("ops", WeComCallbackClient.text("chen", 9100, "你好"));
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("errcode 40001"));
        assertThat(output.getAll()).doesNotContain("app-secret-value").doesNotContain("access_token=token-")
                .doesNotContain(WeComCallbackClient.AES_KEY);
    }
}
