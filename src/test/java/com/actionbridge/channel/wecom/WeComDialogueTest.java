package com.actionbridge.channel.wecom;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static com.actionbridge.channel.wecom.FakeWeComApi.SEND;
import static com.actionbridge.channel.wecom.FakeWeComApi.UPDATE_CARD;
import static com.actionbridge.channel.wecom.WeComCallbackClient.CORP_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole WeCom dialogue with the real engine and the embedded sandbox: encrypted callbacks in, WxJava sending
 * to a fake WeCom API out, from the first sentence through two card clicks to the action's result.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeComDialogueTest {

    static final FakeWeComApi API = FakeWeComApi.start();

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        registry.add("bots[0].id", () -> "ops");
        registry.add("bots[0].platform", () -> "wecom");
        registry.add("bots[0].corp-id", () -> CORP_ID);
        registry.add("bots[0].agent-id", () -> WeComCallbackClient.AGENT_ID);
        registry.add("bots[0].secret", () -> "app-secret-value");
        registry.add("bots[0].token", () -> WeComCallbackClient.TOKEN);
        registry.add("bots[0].aes-key", () -> WeComCallbackClient.AES_KEY);
        registry.add("bots[0].api-base-url", API::baseUrl);
        registry.add("actionbridge.upstream.base-url", () -> "");
        registry.add("actionbridge.upstream.sandbox", () -> "true");
    }

    @LocalServerPort
    int port;

    WeComCallbackClient wecom;

    @AfterAll
    static void stop() {
        API.close();
    }

    @BeforeEach
    void setUp() {
        wecom = new WeComCallbackClient(port);
        API.reset();
    }

    private JsonObject awaitSend(int index) {
        await().atMost(Duration.ofSeconds(20)).until(() -> API.requests(SEND).size() > index);
        return API.requests(SEND).get(index).json();
    }

    /** The next template card among the sends from {@code from} on; returns its index. */
    private int awaitCard(int from) {
        for (int i = from; ; i++) {
            if (awaitSend(i).get("msgtype").getAsString().equals("template_card")) {
                return i;
            }
        }
    }

    private static String markdown(JsonObject send) {
        return send.getAsJsonObject("markdown").get("content").getAsString();
    }

    @Test
    void fromTheFirstSentenceThroughTwoClicksToTheResult() throws Exception {
        wecom.post("ops", WeComCallbackClient.text("alice", 9001, "把你好发送到企业微信群机器人"));

        int first = awaitCard(0);
        JsonObject found = awaitSend(first).getAsJsonObject("template_card");
        assertThat(found.get("card_type").getAsString()).isEqualTo("button_interaction");
        JsonArray actions = found.getAsJsonArray("button_list");
        assertThat(actions).hasSize(2);
        String everything = API.requests(SEND).stream().map(FakeWeComApi.Request::body).reduce("", String::concat);
        assertThat(everything).contains("发送文本消息").contains("发送Markdown消息");

        String clickAction = WeComCallbackClient.click("alice", found.get("task_id").getAsString(),
                actions.get(0).getAsJsonObject().get("key").getAsString(), "rc-action");
        assertThat(wecom.post("ops", clickAction).statusCode()).isEqualTo(200);

        int second = awaitCard(first + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !API.requests(UPDATE_CARD).isEmpty());
        JsonObject greyed = API.requests(UPDATE_CARD).get(0).json();
        assertThat(greyed.get("response_code").getAsString()).isEqualTo("rc-action");
        assertThat(greyed.getAsJsonObject("button").get("replace_name").getAsString()).isEqualTo("已选择：发送文本消息");
        JsonObject accountCard = awaitSend(second).getAsJsonObject("template_card");
        JsonArray accounts = accountCard.getAsJsonArray("button_list");
        assertThat(accounts).hasSize(2);
        assertThat(accountCard.toString()).contains("AI-action测试1").contains("AI-action测试2");

        String accountKey = accounts.get(0).getAsJsonObject().get("key").getAsString();
        String taskId = accountCard.get("task_id").getAsString();
        String clickAccount = WeComCallbackClient.click("alice", taskId, accountKey, "rc-account");
        assertThat(wecom.post("ops", clickAccount).statusCode()).isEqualTo(200);
        assertThat(wecom.post("ops", clickAccount).statusCode()).isEqualTo(200); // WeCom's retry of the same click
        // a second click on the same button before the card greyed out
        assertThat(wecom.post("ops", WeComCallbackClient.click("alice", taskId, accountKey, "rc-again")).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> API.requests(SEND).stream()
                .filter(r -> r.json().get("msgtype").getAsString().equals("markdown"))
                .anyMatch(r -> markdown(r.json()).contains("执行成功")));
        await().atMost(Duration.ofSeconds(10)).until(() -> API.requests(SEND).size() >= second + 3);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> API.requests(SEND).size() == second + 3);

        List<JsonObject> after = API.requests(SEND).subList(second + 1, API.requests(SEND).size()).stream()
                .map(FakeWeComApi.Request::json).toList();
        List<JsonObject> done = after.stream().filter(j -> j.get("msgtype").getAsString().equals("markdown")
                && markdown(j).contains("执行成功")).toList();
        assertThat(done).hasSize(1); // one action
        assertThat(markdown(done.get(0))).contains("发送文本消息").contains("](http://127.0.0.1:" + port + "/sandbox/logs/");
        assertThat(after).hasSize(2); // the result and the notice for the second click
        assertThat(after.get(1).get("msgtype").getAsString()).isEqualTo("markdown");
        assertThat(markdown(after.get(1))).doesNotContain("执行成功");

        List<FakeWeComApi.Request> updates = API.requests(UPDATE_CARD);
        assertThat(updates).hasSize(2);
        assertThat(updates.get(1).json().get("response_code").getAsString()).isEqualTo("rc-account");
        assertThat(updates.get(1).json().getAsJsonObject("button").get("replace_name").getAsString())
                .isEqualTo("已选择：AI-action测试1");
        assertThat(API.requests(SEND)).allSatisfy(r -> assertThat(r.json().get("touser").getAsString()).isEqualTo("alice"));
    }

    private List<JsonObject> sendsTo(String user) {
        return API.requests(SEND).stream().map(FakeWeComApi.Request::json)
                .filter(j -> j.get("touser").getAsString().equals(user)).toList();
    }

    private JsonObject awaitSendTo(String user, String text) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(user).stream().anyMatch(j -> j.toString().contains(text)));
        return sendsTo(user).stream().filter(j -> j.toString().contains(text)).reduce((x, y) -> y).orElseThrow();
    }

    @Test
    void anOldCardsButtonAfterARestartGreysTheCardOutAndRunsNothing() throws Exception {
        wecom.post("ops", WeComCallbackClient.text("carol", 9201, "我要请假"));
        JsonObject leave = awaitSendTo("carol", "提交请假申请").getAsJsonObject("template_card");
        String confirmKey = leave.getAsJsonArray("button_list").get(0).getAsJsonObject().get("key").getAsString();
        wecom.post("ops", WeComCallbackClient.text("carol", 9202, "重新开始"));
        awaitSendTo("carol", "已重新开始");
        wecom.post("ops", WeComCallbackClient.text("carol", 9203, "我要采购一台电脑"));
        awaitSendTo("carol", "提交采购申请");
        int before = sendsTo("carol").size();

        wecom.post("ops", WeComCallbackClient.click("carol", leave.get("task_id").getAsString(), confirmKey, "rc-old"));
        awaitSendTo("carol", "这张卡片已失效");
        await().atMost(Duration.ofSeconds(5)).until(() -> !API.requests(UPDATE_CARD).isEmpty());
        JsonObject greyed = API.requests(UPDATE_CARD).get(0).json();
        assertThat(greyed.get("response_code").getAsString()).isEqualTo("rc-old");
        assertThat(greyed.getAsJsonObject("button").get("replace_name").getAsString()).isEqualTo("此卡片已失效");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> sendsTo("carol").size() == before + 1);
        assertThat(sendsTo("carol").toString()).as("nothing was confirmed").doesNotContain("预算已用完")
                .doesNotContain("执行成功");
    }

    @Test
    void aFailingActionReachesThePersonAsACard() throws Exception {
        wecom.post("ops", WeComCallbackClient.text("bob", 9101, "提交报销单"));
        await().atMost(Duration.ofSeconds(20)).until(() -> API.requests(SEND).stream()
                .anyMatch(r -> r.body().contains("执行失败")));
        assertThat(API.requests(SEND)).allSatisfy(r -> assertThat(r.json().get("touser").getAsString()).isEqualTo("bob"));
    }
}
