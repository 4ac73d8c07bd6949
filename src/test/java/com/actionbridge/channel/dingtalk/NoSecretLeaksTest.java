package com.actionbridge.channel.dingtalk;

import com.actionbridge.admin.Http;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.channel.wecom.FakeWeComApi;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.URLEncoder;
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
 * No secret leaks: the application with every kind of bot (WeCom, DingTalk stream and HTTP, one DingTalk bot
 * whose platform cannot be reached), each secret a recognisable value; a dialogue per channel and the usual
 * failures (bad signatures, wrong admin tokens, unreachable platform, malformed bodies); then no secret, token or
 * AES key appears in the captured log, in admin API or health answers, in error pages, or in any toString.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class NoSecretLeaksTest {

    private static final FakeDingTalk DING = FakeDingTalk.start();
    private static final FakeWeComApi WECOM = FakeWeComApi.start();

    private static final String CORP = "wwleakcorp0000001";
    private static final String WECOM_SECRET = "LeakWecomAppSecret7777";
    private static final String WECOM_TOKEN = "LeakCbToken8888";
    private static final String WECOM_AES = "LeakAesKey0123456789abcdefghijklmnopqrstuvw";
    private static final String STREAM_SECRET = "LeakDingStreamSecret1111";
    private static final String HTTP_SECRET = "LeakDingHttpSecret2222";
    private static final String BROKEN_SECRET = "LeakDingBrokenSecret3333";
    private static final String UPSTREAM_TOKEN = "LeakUpstreamToken4444";
    private static final String ADMIN_TOKEN = "LeakAdminToken5555-0123456789";
    private static final String WEB_KEY = "LeakWebChatKey6666";
    private static final List<String> SECRETS = List.of(WECOM_SECRET, WECOM_TOKEN, WECOM_AES, STREAM_SECRET,
            HTTP_SECRET, BROKEN_SECRET, UPSTREAM_TOKEN, ADMIN_TOKEN, WEB_KEY);

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry r) {
        r.add("actionbridge.upstream.sandbox", () -> "true");
        r.add("actionbridge.upstream.token", () -> UPSTREAM_TOKEN);
        r.add("actionbridge.admin.token", () -> ADMIN_TOKEN);
        r.add("actionbridge.web-chat.api-key", () -> WEB_KEY);
        r.add("actionbridge.wecom.send-backoff", () -> "10ms");
        r.add("actionbridge.dingtalk.send-backoff", () -> "10ms");
        r.add("bots[0].id", () -> "wc");
        r.add("bots[0].platform", () -> "wecom");
        r.add("bots[0].corp-id", () -> CORP);
        r.add("bots[0].agent-id", () -> "1000002");
        r.add("bots[0].secret", () -> WECOM_SECRET);
        r.add("bots[0].token", () -> WECOM_TOKEN);
        r.add("bots[0].aes-key", () -> WECOM_AES);
        r.add("bots[0].api-base-url", WECOM::baseUrl);
        r.add("bots[0].upstream.token", () -> UPSTREAM_TOKEN + "-wc");
        r.add("bots[1].id", () -> "ds");
        r.add("bots[1].platform", () -> "dingtalk");
        r.add("bots[1].client-id", () -> "client-ds");
        r.add("bots[1].client-secret", () -> STREAM_SECRET);
        r.add("bots[1].api-base-url", DING::baseUrl);
        r.add("bots[2].id", () -> "dh");
        r.add("bots[2].platform", () -> "dingtalk");
        r.add("bots[2].mode", () -> "http");
        r.add("bots[2].client-id", () -> "client-dh");
        r.add("bots[2].client-secret", () -> HTTP_SECRET);
        r.add("bots[2].api-base-url", DING::baseUrl);
        r.add("bots[3].id", () -> "broken");
        r.add("bots[3].platform", () -> "dingtalk");
        r.add("bots[3].mode", () -> "http");
        r.add("bots[3].client-id", () -> "client-broken");
        r.add("bots[3].client-secret", () -> BROKEN_SECRET);
        r.add("bots[3].api-base-url", () -> "http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() throws Exception {
        DING.close();
        WECOM.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DingTalkStreamClients streams;
    @Autowired
    BotRegistry registry;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void noConfiguredSecretAppearsInLogsAnswersOrToStrings(CapturedOutput output) throws Exception {
        List<String> answers = new ArrayList<>();

        // WeCom: a message as WeCom encrypts and signs it, and one with a bad signature.
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(CORP);
        config.setToken(WECOM_TOKEN);
        config.setAesKey(WECOM_AES);
        var ec = new WxCpCryptUtil(config).encryptContext("<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName>"
                + "<FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>" + System.currentTimeMillis() / 1000
                + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[我要请假]]></Content>"
                + "<MsgId>990001</MsgId><AgentID>1000002</AgentID></xml>");
        String envelope = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><Encrypt><![CDATA["
                + ec.getEncrypt() + "]]></Encrypt></xml>";
        answers.add(wecom(ec.getSignature(), ec.getTimeStamp(), ec.getNonce(), envelope, 200));
        answers.add(wecom("0".repeat(40), ec.getTimeStamp(), ec.getNonce(), envelope, 403));
        await().atMost(Duration.ofSeconds(30)).until(() -> !WECOM.requests(FakeWeComApi.SEND).isEmpty());

        // DingTalk stream and HTTP: a message each; a bad signature; a bot whose platform cannot be reached.
        await().atMost(Duration.ofSeconds(30)).until(() -> streams.connection("ds").orElseThrow().connected());
        DING.pushTo("client-ds", DingTalkStreamClients.BOT_TOPIC,
                DingTalkFixtures.oneToOne("leak-" + UUID.randomUUID(), "lisi", "我要请假", DING.webhookUrl("lisi")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !DING.requests("/robot/sendBySession/lisi").isEmpty());
        assertThat(DialogueSteps.signedPost(port, "dh", HTTP_SECRET, DingTalkFixtures.oneToOne(
                "leak-" + UUID.randomUUID(), "wangwu", "我要请假", DING.webhookUrl("wangwu")))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !DING.requests("/robot/sendBySession/wangwu").isEmpty());
        assertThat(DialogueSteps.signedPost(port, "dh", "wrong-secret", DingTalkFixtures.oneToOne(
                "leak-" + UUID.randomUUID(), "wangwu", "hi", DING.webhookUrl("x")))).isEqualTo(403);
        // Its webhook is refused (not DingTalk's host), so it goes through the OpenAPI of an unreachable host.
        assertThat(DialogueSteps.signedPost(port, "broken", BROKEN_SECRET, DingTalkFixtures.oneToOne(
                "leak-" + UUID.randomUUID(), "zhaoliu", "我要请假", "https://evil.example/hook"))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("failed for bot broken"));

        // Web chat, admin API, health, error pages.
        Http http = new Http(port);
        answers.add(webChat(WEB_KEY, 200));
        answers.add(webChat("wrong-key", 401));
        answers.add(http.get("/admin/api/bots", ADMIN_TOKEN).body());
        answers.add(http.get("/admin/api/overview", ADMIN_TOKEN).body());
        answers.add(http.get("/admin/api/sessions", ADMIN_TOKEN).body());
        answers.add(http.get("/admin/api/turns?bot=wc", ADMIN_TOKEN).body());
        answers.add(http.get("/admin/api/bots", "wrong-admin-token-0000").body());
        answers.add(http.get("/actuator/health", ADMIN_TOKEN).body());
        answers.add(http.get("/actuator/health", null).body());
        answers.add(http.get("/actuator/prometheus", null).body());
        answers.add(http.get("/no/such/page", null).body());
        answers.add(http.post("/admin/api/reload", ADMIN_TOKEN, "").body());

        registry.all().forEach(bot -> answers.add(bot.toString()));
        String everything = output.getAll() + String.join("\n", answers);
        for (String secret : SECRETS) {
            assertThat(everything).as("secret %s", secret).doesNotContain(secret);
        }
        // The capture did see the traffic (the test is not vacuous).
        assertThat(output.getAll()).contains("callback refused with 403");
    }

    private String wecom(String signature, String timestamp, String nonce, String body, int expected)
            throws Exception {
        String q = "msg_signature=" + enc(signature) + "&timestamp=" + enc(timestamp) + "&nonce=" + enc(nonce);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/callback/wecom/wc?" + q)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(expected);
        return r.body();
    }

    private String webChat(String key, int expected) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/chat")).header("Content-Type", "application/json").header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"u\",\"text\":\"我要请假\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(expected);
        return r.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
