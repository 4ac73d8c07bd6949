package com.actionbridge.channel.wecomaibot;

import com.actionbridge.admin.BotStates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static com.actionbridge.channel.wecomaibot.FakeWeComAiBot.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole AI bot dialogues with the real engine and the embedded sandbox, WeCom played by {@link FakeWeComAiBot}:
 * two people in one group, each with their own session and cards, and a one-to-one chat, from the first
 * sentence through two clicks to the action's result.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeComAiBotDialogueTest {

    static final FakeWeComAiBot WECOM = FakeWeComAiBot.start();
    static final String GROUP = "wrGROUP0001";

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        WECOM.registerBot(registry, "team-bot");
    }

    @LocalServerPort
    int port;
    @Autowired
    BotStates states;

    @AfterAll
    static void stop() {
        WECOM.close();
    }

    @BeforeEach
    void setUp() {
        WECOM.callbackUrl("http://127.0.0.1:" + port + "/callback/wecom-aibot/team-bot");
        WECOM.reset();
    }

    @Test
    void twoPeopleInOneGroupEachAnswerOnlyTheirOwnCards() throws Exception {
        FakeWeComAiBot.Message alice = WECOM.text(GROUP, "alice", "@助手 把你好发送到企业微信群机器人");
        FakeWeComAiBot.Message bob = WECOM.text(GROUP, "bob", "把你好发送到企业微信群机器人@助手 ");

        JsonNode aliceCard = actionCard(alice.awaitFinished());
        JsonNode bobCard = actionCard(bob.awaitFinished());
        assertThat(aliceCard.path("task_id").asString()).isNotEqualTo(bobCard.path("task_id").asString());

        // bob clicks alice's card: nothing changes on it, and bob is told the card is not his
        FakeWeComAiBot.Exchange foreign = WECOM.click(GROUP, "bob", taskId(aliceCard), key(aliceCard, 0));
        assertThat(foreign.empty()).isTrue();
        FakeWeComAiBot.Post refusal = awaitPost(foreign.responseCode());
        assertThat(refusal.accepted()).isTrue();
        assertThat(refusal.markdown()).contains("其他人").doesNotContain("执行成功");
        assertThat(WECOM.card(taskId(aliceCard))).isEqualTo(aliceCard);

        runToTheResult(GROUP, "alice", aliceCard);
        runToTheResult(GROUP, "bob", bobCard);

        List<FakeWeComAiBot.Post> done = WECOM.posts().stream().filter(p -> p.markdown().contains("执行成功")).toList();
        assertThat(done).hasSize(2).allSatisfy(p -> assertThat(p.accepted()).isTrue());
        assertThat(WECOM.posts()).allSatisfy(p -> assertThat(p.accepted()).isTrue());
        assertThat(WECOM.exchanges()).noneMatch(FakeWeComAiBot.Exchange::dropped);
    }

    @Test
    void oneToOneFromTheFirstSentenceToTheResult() throws Exception {
        FakeWeComAiBot.Message carol = WECOM.text(null, "carol", "把你好发送到企业微信群机器人");
        JsonNode card = actionCard(carol.awaitFinished());
        runToTheResult(null, "carol", card);
        assertThat(WECOM.posts()).allSatisfy(p -> assertThat(p.accepted()).isTrue());
    }

    @Test
    void healthListsTheBotWithItsLastCallback() throws Exception {
        assertThat(WECOM.verifyUrl("hello").statusCode()).isEqualTo(200);
        BotStates.BotState state = states.find("team-bot").orElseThrow();
        assertThat(state.state()).isEqualTo(BotStates.State.UP);
        assertThat(state.details()).containsEntry("platform", "wecom-aibot").containsEntry("mode", "callback")
                .containsEntry("connected", true).containsKey("lastConnected");
        assertThat(state.details().toString()).doesNotContain(FakeWeComAiBot.TOKEN).doesNotContain(FakeWeComAiBot.AES_KEY);
    }

    @Test
    void enteringTheChatGetsTheWelcomeAndFeedbackGetsAnEmptyAnswer() throws Exception {
        FakeWeComAiBot.Exchange enter = WECOM.event(null, "dave", "enter_chat", null, false);
        assertThat(enter.answer().path("msgtype").asString()).isEqualTo("text");
        assertThat(enter.answer().path("text").path("content").asString()).contains("你好");

        var feedback = JSON.createObjectNode().put("id", "FB1").put("type", 2).put("content", "不准确");
        feedback.putArray("inaccurate_reason_list").add(2).add(4);
        FakeWeComAiBot.Exchange answer = WECOM.event(null, "dave", "feedback_event", feedback, false);
        assertThat(answer.empty()).isTrue();
    }

    @Test
    void otherMessageTypesGetAFinishedStreamSayingTextOnly() throws Exception {
        JsonNode answer = WECOM.image("erin").awaitFinished();
        assertThat(answer.path("msgtype").asString()).isEqualTo("stream");
        assertThat(answer.path("stream").path("finish").asBoolean()).isTrue();
        assertThat(answer.path("stream").path("content").asString()).contains("文字");
    }

    /** The finished first answer: a stream with the action card, the text handed to the engine without the @. */
    private static JsonNode actionCard(JsonNode finished) {
        assertThat(finished.path("msgtype").asString()).isEqualTo("stream_with_template_card");
        assertThat(finished.path("stream").path("finish").asBoolean()).isTrue();
        JsonNode card = finished.path("template_card");
        assertThat(card.path("card_type").asString()).isEqualTo("button_interaction");
        assertThat(card.path("button_list")).hasSize(2);
        // labels too long for a button are numbered there and listed whole in the stream's text
        assertThat(finished.path("stream").path("content").asString()).contains("1. 发送文本消息")
                .contains("2. 发送Markdown消息");
        assertThat(taskId(card)).matches("[A-Za-z0-9_\\-@]{1,128}");
        card.path("button_list").forEach(b -> assertThat(b.path("text").asString().length()).isLessThanOrEqualTo(10));
        return card;
    }

    /** Action, then account, then the result: each click answered at once by an update of the same card. */
    private static void runToTheResult(String chat, String user, JsonNode actionCard) throws Exception {
        String task = taskId(actionCard);
        FakeWeComAiBot.Exchange pickAction = WECOM.click(chat, user, task, key(actionCard, 0));
        assertThat(pickAction.answer()).as("answer to the click on the action: %s, posts %s", pickAction,
                WECOM.posts()).isNotNull();
        JsonNode update = pickAction.answer();
        assertThat(update.path("response_type").asString()).isEqualTo("update_template_card");
        JsonNode accounts = update.path("template_card");
        assertThat(taskId(accounts)).isEqualTo(task);
        assertThat(accounts.toString()).contains("AI-action测试1").contains("AI-action测试2");

        FakeWeComAiBot.Exchange pickAccount = WECOM.click(chat, user, task, key(accounts, 0));
        JsonNode chosen = pickAccount.answer().path("template_card");
        assertThat(pickAccount.answer().path("response_type").asString()).isEqualTo("update_template_card");
        assertThat(chosen.path("sub_title_text").asString()).contains("AI-action测试1");
        assertThat(chosen.path("button_list")).hasSize(1);
        assertThat(WECOM.card(task)).isEqualTo(chosen);

        FakeWeComAiBot.Post result = awaitPost(pickAccount.responseCode());
        assertThat(result.body().path("msgtype").asString()).isEqualTo("markdown");
        assertThat(result.markdown()).contains("执行成功").contains("发送文本消息");

        // the card that shows the choice picks nothing more
        FakeWeComAiBot.Exchange again = WECOM.click(chat, user, task, key(chosen, 0));
        assertThat(again.empty()).isTrue();
        assertThat(WECOM.posts(again.responseCode())).isEmpty();
    }

    private static FakeWeComAiBot.Post awaitPost(String responseCode) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !WECOM.posts(responseCode).isEmpty());
        return WECOM.posts(responseCode).get(0);
    }

    private static String taskId(JsonNode card) {
        return card.path("task_id").asString();
    }

    private static String key(JsonNode card, int index) {
        return card.path("button_list").get(index).path("key").asString();
    }
}
