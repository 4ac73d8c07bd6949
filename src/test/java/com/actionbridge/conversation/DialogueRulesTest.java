package com.actionbridge.conversation;

import com.actionbridge.action.ActionException;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.ChoiceButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.actionbridge.conversation.ConversationEngineTest.FOUND;
import static com.actionbridge.conversation.ScriptedActionClient.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every click and every typed answer means the card the person saw: old cards stay dead across resets and
 * expiry, a typed number answers the card that was newest when it arrived, and a person can always move on.
 */
class DialogueRulesTest extends EngineTestBase {

    static final String LEAVE = """
            {"appkey":"95","appName":"请假审批","actionkey":"401","actionName":"提交请假申请","input":{"reason":"家中有事"}}""";
    static final String PURCHASE = """
            {"appkey":"98","appName":"采购申请","actionkey":"601","actionName":"提交采购申请","input":{"item":"一台电脑"}}""";
    static final String AUTH = """
            {"appkey":"90","appName":"钉钉待办","actionkey":"301","actionName":"创建待办",
             "auth_url":"http://127.0.0.1:8080/sandbox/authorize?x=1"}""";


    private void leave(String how) {
        switch (how) {
            case "admin" -> assertThat(harness.engine.reset(alice.session())).isTrue();
            case "expiry" -> harness.nanos.addAndGet(Duration.ofMinutes(31).toNanos());
            default -> assertThat(only(harness.say(alice, how)).markdown()).contains("已重新开始");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"重新开始", "/reset", "admin", "expiry"})
    void anOldPreviewsConfirmAfterAResetOrExpiryConfirmsNothing(String how) {
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认", LEAVE))
                .then(result("p2", "action_preview", "ACTION_PREVIEW", "请确认", PURCHASE));
        Card old = only(harness.say(alice, "我要请假"));
        leave(how);
        Card current = only(harness.say(alice, "我要采购一台电脑"));
        assertThat(current.choices()).extracting(ChoiceButton::number).as("numbering starts again").containsExactly(1, 2);

        TurnResult click = harness.click(alice, old.choices().get(0).token());
        assertThat(only(click).status()).isEqualTo(CardStatus.NOTICE);
        assertThat(only(click).markdown()).contains("这张卡片已失效");
        assertThat(click.chosenLabel()).isEmpty();
        assertThat(click.expiredLabel()).contains("此卡片已失效");
        assertThat(upstream.calls()).as("nothing went upstream for the old card").hasSize(2);

        TurnResult typedOld = harness.say(alice, ChoiceCommand.textFor(old.choices().get(0)));
        assertThat(only(typedOld).markdown()).as("the same through a typed choice command").contains("这张卡片已失效");
        assertThat(upstream.calls()).hasSize(2);

        upstream.then(result("p2", "action_done", "ACTION_RUN", "已提交", "{\"output\":{\"ok\":true}}"));
        TurnResult confirmed = harness.click(alice, current.choices().get(0).token());
        assertThat(confirmed.chosenLabel()).as("the newer card still works").contains("确认执行");
        assertThat(upstream.lastCall().request().chatId()).isEqualTo("p2");
    }

    @Test
    void anOldRestartButtonDoesNotEndTheNewDialogue() {
        upstream.then(result("e1", "action_error", "ACTION_RUN", "失败", "{\"error\":\"维护中\"}"))
                .then(result("p2", "action_preview", "ACTION_PREVIEW", "请确认", LEAVE));
        Card error = only(harness.say(alice, "提交报销单"));
        harness.say(alice, "/reset");
        only(harness.say(alice, "我要请假"));
        TurnResult old = harness.click(alice, error.choices().get(0).token());
        assertThat(only(old).markdown()).contains("这张卡片已失效");
        assertThat(harness.sessions.get(alice.session())).as("the new dialogue goes on").get()
                .extracting(Session::chatId).isEqualTo("p2");
    }

    @Test
    void aSecondTypedNumberAnswersTheCardSeenOnArrivalNotTheOneShownMeanwhile() throws Exception {
        CountDownLatch pickRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(call -> {
                    pickRunning.countDown();
                    try {
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return result("c1", "action_preview", "ACTION_PREVIEW", "请确认", LEAVE);
                });
        only(harness.say(alice, "发送消息"));

        CompletableFuture<TurnResult> first = new CompletableFuture<>();
        CompletableFuture<TurnResult> second = new CompletableFuture<>();
        harness.engine.handle(new UserText(alice, "1"), first::complete);
        assertThat(pickRunning.await(10, TimeUnit.SECONDS)).isTrue();
        harness.engine.handle(new UserText(alice, "1"), second::complete); // while the slow upstream answers
        release.countDown();

        TurnResult picked = first.get(10, TimeUnit.SECONDS);
        assertThat(picked.chosenLabel()).contains("发送文本消息");
        assertThat(only(picked).status()).isEqualTo("action_preview");
        TurnResult again = second.get(10, TimeUnit.SECONDS);
        assertThat(again.chosenLabel()).as("the preview shown meanwhile is not confirmed").isEmpty();
        assertThat(only(again).markdown()).contains("已经选过了");
        assertThat(upstream.calls()).hasSize(2);

        upstream.then(result("c1", "action_done", "ACTION_RUN", "ok", "{\"output\":{}}"));
        assertThat(harness.say(alice, "1").chosenLabel()).as("typed after the preview arrived: it answers the preview")
                .contains("确认执行");
    }

    @Test
    void newWordsWhileACardWaitsForAButtonStartANewRequestAndTheCardSaysSo() {
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认", LEAVE))
                .then(result("a1", "auth_required", "ACTION_CONFIG", "请先授权", AUTH))
                .then(result("f1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(result("f2", "action_not_found", "ACTION_PREPARE", "没有", "null"));
        only(harness.say(alice, "我要请假"));

        Card auth = only(harness.say(alice, "帮我创建一个待办"));
        assertThat(upstream.lastCall().v2()).as("not an answer to the preview").isTrue();
        assertThat(upstream.lastCall().content()).isEqualTo("帮我创建一个待办");
        assertThat(auth.status()).isEqualTo("auth_required");
        assertThat(auth.markdown()).startsWith("> 已开始新的请求（上一张卡片已失效）");

        Card found = only(harness.say(alice, "发送消息"));
        assertThat(upstream.lastCall().v2()).as("not an answer to the authorise card").isTrue();
        assertThat(found.markdown()).startsWith("> 已开始新的请求");

        only(harness.say(alice, "今天天气怎么样"));
        assertThat(upstream.lastCall().v2()).as("not an answer to the action list").isTrue();
        assertThat(upstream.calls()).hasSize(4);
    }

    @Test
    void aConfirmationWordOrAButtonLabelAnswersTheCard() {
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认", LEAVE))
                .then(result("p1", "action_done", "ACTION_RUN", "ok", "{\"output\":{}}"))
                .then(result("p2", "action_preview", "ACTION_PREVIEW", "请确认", LEAVE));
        only(harness.say(alice, "我要请假"));
        TurnResult confirmed = harness.say(alice, "确认");
        assertThat(confirmed.chosenLabel()).contains("确认执行");
        assertThat(upstream.lastCall().request().content()).isEqualTo("确认");
        assertThat(upstream.lastCall().request().status()).isEqualTo("action_preview");

        only(harness.say(alice, "我要请假"));
        TurnResult cancelled = harness.say(alice, "取消");
        assertThat(cancelled.chosenLabel()).contains("取消");
        assertThat(only(cancelled).markdown()).contains("已取消");
        assertThat(upstream.calls()).hasSize(3);
    }

    @Test
    void theSameStatusAgainSaysWhatIsMissingAndHowToLeave() {
        upstream.then(result("a1", "auth_required", "ACTION_CONFIG", "请先授权", AUTH))
                .then(result("a1", "auth_required", "ACTION_CONFIG", "请先授权", AUTH));
        Card auth = only(harness.say(alice, "帮我创建一个待办"));
        assertThat(auth.markdown()).doesNotContain("还没有检测到授权");

        Card again = only(harness.click(alice, auth.choices().get(0).token()));
        assertThat(again.status()).isEqualTo("auth_required");
        assertThat(again.markdown()).startsWith("> 还没有检测到授权").contains("去授权", "重新开始");
        assertThat(again.choices()).extracting(ChoiceButton::label).containsExactly("我已授权，继续", "重新开始");

        TurnResult restart = harness.click(alice, again.choices().get(1).token());
        assertThat(only(restart).markdown()).contains("已重新开始");
        assertThat(harness.sessions.get(alice.session())).isEmpty();
        assertThat(upstream.calls()).hasSize(2);
    }

    @Test
    void aStatusThatRepeatsWithNewDataIsProgressNotARepeat() {
        upstream.then(result("f1", "action_field_required", "ACTION_CONFIG", "缺少", """
                        [{"key":"start","label":"开始日期","required":true},{"key":"end","label":"结束日期","required":true}]"""))
                .then(result("f1", "action_field_required", "ACTION_CONFIG", "缺少", """
                        [{"key":"end","label":"结束日期","required":true}]"""))
                .then(result("f1", "action_field_required", "ACTION_CONFIG", "缺少", """
                        [{"key":"end","label":"结束日期","required":true}]"""));
        harness.say(alice, "我要请假");
        assertThat(only(harness.say(alice, "开始日期：明天")).markdown()).doesNotContain("仍缺少");
        Card same = only(harness.say(alice, "随便"));
        assertThat(same.markdown()).startsWith("> 平台仍缺少下面的信息");
        assertThat(same.choices()).extracting(ChoiceButton::label).containsExactly("重新开始");
    }

    @Test
    void aConfirmRefusedWithCode4000IsFinal() {
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认", PURCHASE))
                .thenFail(new ActionException(ActionException.Kind.REJECTED, "Code 4000", 4000, "本季度采购预算已用完", null))
                .then(result("p2", "action_preview", "ACTION_PREVIEW", "请确认", LEAVE));
        Card preview = only(harness.say(alice, "我要采购一台电脑"));
        Card refused = only(harness.click(alice, preview.choices().get(0).token()));
        assertThat(refused.status()).isEqualTo(CardStatus.UPSTREAM_ERROR);
        assertThat(refused.markdown()).contains("本季度采购预算已用完", "重试也不会成功", "重新开始");
        assertThat(refused.choices()).extracting(ChoiceButton::label).containsExactly("重新开始");
        assertThat(harness.sessions.get(alice.session()).orElseThrow().live()).as("the dialogue is closed").isFalse();

        harness.say(alice, "我要请假");
        assertThat(upstream.lastCall().v2()).isTrue();
    }

    @Test
    void anotherRejectionCodeStillOffersARetry() {
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认", PURCHASE))
                .thenFail(new ActionException(ActionException.Kind.REJECTED, "Code 5001", 5001, "参数错误", null));
        Card preview = only(harness.say(alice, "我要采购一台电脑"));
        Card failed = only(harness.click(alice, preview.choices().get(0).token()));
        assertThat(failed.choices()).extracting(ChoiceButton::label).containsExactly("重试");
    }
}
