package com.actionbridge.conversation;

import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static com.actionbridge.conversation.EngineHarness.inGroup;
import static com.actionbridge.conversation.EngineHarness.person;
import static com.actionbridge.conversation.ScriptedActionClient.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The state machine: every status becomes its card, and each answer goes upstream as the protocol says. */
class ConversationEngineTest extends EngineTestBase {

    static final String FOUND = """
            [{"actionIdentkey":"84_198","actionName":"发送文本消息","actionType":"action","actionkey":"198",
              "appName":"企业微信群机器人","appkey":"84","description":"发送一条文本消息"},
             {"actionIdentkey":"84_199","actionName":"发送Markdown消息","actionType":"action","actionkey":"199",
              "appName":"企业微信群机器人","appkey":"84","description":"发送一条Markdown消息"}]""";
    static final String ACCOUNTS = """
            {"appkey":"84","appName":"企业微信群机器人","actionkey":"198","actionName":"发送文本消息",
             "description":"发送一条文本消息",
             "accounts":[{"account_id":187610,"account_name":"AI-action测试1"},
                         {"account_id":187611,"account_name":"AI-action测试2"}]}""";
    static final String DONE = """
            {"input":{"content":"你好"},"log_url":"http://127.0.0.1/log/1","output":{"sendrst":true}}""";


    @Test
    void actionFoundThenAccountSelectThenDone() {
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "根据您的需求已为您找到了以下多个匹配动作", FOUND))
                .then(result("c1", "auth_account_select", "ACTION_CONFIG", "请选择账号", ACCOUNTS))
                .then(result("c1", "action_done", "ACTION_RUN", "执行成功", DONE));

        Card found = only(harness.say(alice, "把你好发送到企业微信群机器人"));
        assertThat(found.status()).isEqualTo("action_found");
        assertThat(found.title()).isEqualTo("请选择要执行的动作");
        assertThat(found.choices()).extracting(ChoiceButton::label).containsExactly("发送文本消息", "发送Markdown消息");
        assertThat(found.choices()).extracting(ChoiceButton::number).containsExactly(1, 2);
        assertThat(found.choices()).allSatisfy(b -> assertThat(b.token()).matches("[A-Za-z0-9_-]{16}"));
        assertThat(found.markdown()).contains("**发送文本消息**", "企业微信群机器人");
        ScriptedActionClient.Call first = upstream.lastCall();
        assertThat(first.v2()).isTrue();
        assertThat(first.userId()).isEqualTo("test:alice");
        assertThat(first.content()).isEqualTo("把你好发送到企业微信群机器人");
        assertThat(first.botToken()).isEqualTo("test-token");

        TurnResult picked = harness.click(alice, found.choices().get(0).token());
        assertThat(picked.chosenLabel()).contains("发送文本消息");
        Card accounts = only(picked);
        assertThat(accounts.status()).isEqualTo("auth_account_select");
        assertThat(accounts.choices()).extracting(ChoiceButton::label).containsExactly("AI-action测试1", "AI-action测试2");
        ActionRequest pick = upstream.lastCall().request();
        assertThat(pick).isEqualTo(new ActionRequest("c1", "action_found", "ACTION_PREPARE", "test:alice",
                "把你好发送到企业微信群机器人",
                new ActionData("84", "198", "企业微信群机器人", "发送文本消息", "发送一条文本消息", null, null)));

        TurnResult account = harness.click(alice, accounts.choices().get(1).token());
        assertThat(account.chosenLabel()).contains("AI-action测试2");
        Card done = only(account);
        ActionRequest run = upstream.lastCall().request();
        assertThat(run.status()).isEqualTo("auth_account_select");
        assertThat(run.step()).isEqualTo("ACTION_CONFIG");
        assertThat(run.content()).isEqualTo("把你好发送到企业微信群机器人");
        assertThat(run.data().accountId()).isEqualTo(187611L);
        assertThat(run.data().accountName()).isEqualTo("AI-action测试2");
        assertThat(run.data().actionkey()).isEqualTo("198");

        assertThat(done.status()).isEqualTo("action_done");
        assertThat(done.title()).isEqualTo("执行成功");
        assertThat(done.markdown()).contains("**发送文本消息** 已执行完成");
        assertThat(done.fields()).containsExactly(new Field("sendrst", "是"));
        assertThat(done.links()).containsExactly(new LinkButton("查看执行日志", "http://127.0.0.1/log/1"));
        assertThat(done.choices()).isEmpty();

        upstream.then(result("c2", "action_not_found", "ACTION_PREPARE", "没有找到", "null"));
        harness.say(alice, "今天天气怎么样");
        assertThat(upstream.lastCall().v2()).as("a terminal status closes the dialogue").isTrue();
    }

    @Test
    void authRequiredThenContinueThenFieldRequiredThenDone() {
        upstream.then(result("c9", "auth_required", "ACTION_AUTH", "请先授权", """
                        {"appkey":"90","appName":"钉钉待办","actionkey":"301","actionName":"创建待办",
                         "description":"创建一条待办","auth_url":"http://127.0.0.1:8080/sandbox/authorize?x=1"}"""))
                .then(result("c9", "action_field_required", "ACTION_CONFIG", "缺少字段", """
                        {"appkey":"90","appName":"钉钉待办","actionkey":"301","actionName":"创建待办",
                         "fields":[{"key":"title","label":"待办标题","type":"string","required":true}]}"""))
                .then(result("c9", "action_done", "ACTION_RUN", "完成",
                        "{\"input\":{\"title\":\"写周报\"},\"log_url\":null,\"output\":{\"id\":7}}"));

        Card auth = only(harness.say(alice, "帮我创建一个待办"));
        assertThat(auth.status()).isEqualTo("auth_required");
        assertThat(auth.title()).isEqualTo("需要授权");
        assertThat(auth.markdown()).contains("**创建待办**", "钉钉待办");
        assertThat(auth.links()).containsExactly(new LinkButton("去授权", "http://127.0.0.1:8080/sandbox/authorize?x=1"));
        assertThat(auth.choices()).extracting(ChoiceButton::label).containsExactly("我已授权，继续");

        Card field = only(harness.click(alice, auth.choices().get(0).token()));
        ActionRequest cont = upstream.lastCall().request();
        assertThat(cont.status()).isEqualTo("auth_required");
        assertThat(cont.step()).isEqualTo("ACTION_AUTH");
        assertThat(cont.chatId()).isEqualTo("c9");
        assertThat(cont.content()).isEqualTo("帮我创建一个待办");
        assertThat(cont.data().appkey()).isEqualTo("90");
        assertThat(cont.data().actionkey()).isEqualTo("301");
        assertThat(field.status()).isEqualTo("action_field_required");
        assertThat(field.markdown()).contains("**创建待办**", "直接回复“待办标题”的内容即可");
        assertThat(field.fields()).containsExactly(new Field("待办标题", "必填"));
        assertThat(field.buttons()).isEmpty();

        Card done = only(harness.say(alice, "写周报"));
        ActionRequest answer = upstream.lastCall().request();
        assertThat(answer.status()).isEqualTo("action_field_required");
        assertThat(answer.content()).isEqualTo("写周报");
        assertThat(answer.data().actionkey()).isEqualTo("301");
        assertThat(done.status()).isEqualTo("action_done");
        assertThat(done.fields()).containsExactly(new Field("id", "7"));
        assertThat(done.links()).as("no log_url, no link").isEmpty();
    }

    @Test
    void severalMissingFieldsExplainTheLineFormat() {
        upstream.then(result("c1", "action_field_required", "ACTION_CONFIG", "缺少字段", """
                [{"key":"start","label":"开始日期","required":true},{"key":"reason","label":"事由","required":false}]"""));
        Card card = only(harness.say(alice, "我要请假"));
        assertThat(card.markdown()).contains("请每行写一项", "开始日期：…\n事由：…");
        assertThat(card.fields()).containsExactly(new Field("开始日期", "必填"), new Field("事由", "选填"));
    }

    @Test
    void previewConfirmSendsConfirmAndCancelIsLocal() {
        String preview = """
                {"appkey":"95","appName":"请假审批","actionkey":"401","actionName":"提交请假申请",
                 "input":{"days":2,"reason":"家中有事"}}""";
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认", preview))
                .then(result("p1", "action_done", "ACTION_RUN", "已提交",
                        "{\"input\":{\"days\":2},\"log_url\":null,\"output\":{\"approval_id\":\"A-1\"}}"));
        Card card = only(harness.say(alice, "我要请假"));
        assertThat(card.status()).isEqualTo("action_preview");
        assertThat(card.fields()).containsExactly(new Field("days", "2"), new Field("reason", "家中有事"));
        assertThat(card.choices()).extracting(ChoiceButton::label).containsExactly("确认执行", "取消");

        TurnResult confirmed = harness.click(alice, card.choices().get(0).token());
        assertThat(confirmed.chosenLabel()).contains("确认执行");
        ActionRequest confirm = upstream.lastCall().request();
        assertThat(confirm.content()).isEqualTo("确认");
        assertThat(confirm.status()).isEqualTo("action_preview");
        assertThat(confirm.data().actionkey()).isEqualTo("401");
        assertThat(only(confirmed).fields()).containsExactly(new Field("approval_id", "A-1"));

        upstream.then(result("p2", "action_preview", "ACTION_PREVIEW", "请确认", preview));
        Card again = only(harness.say(alice, "我要请假"));
        int callsBefore = upstream.calls().size();
        TurnResult cancelled = harness.click(alice, again.choices().get(1).token());
        assertThat(cancelled.chosenLabel()).contains("取消");
        assertThat(only(cancelled).status()).isEqualTo(CardStatus.NOTICE);
        assertThat(only(cancelled).markdown()).contains("已取消");
        assertThat(upstream.calls()).hasSize(callsBefore);
        assertThat(harness.click(alice, again.choices().get(0).token()).cards().get(0).markdown())
                .as("the cancelled preview cannot be confirmed any more").contains("已失效");
    }

    @Test
    void actionErrorShowsTheReasonAndRestarts() {
        upstream.then(result("e1", "action_error", "ACTION_RUN", "报销系统维护中", """
                {"appkey":"97","appName":"财务报销","actionkey":"501","actionName":"提交报销单",
                 "error":"报销系统维护中，暂不可提交","log_url":"http://127.0.0.1/log/e1"}"""));
        Card error = only(harness.say(alice, "提交报销单"));
        assertThat(error.status()).isEqualTo("action_error");
        assertThat(error.title()).isEqualTo("执行失败");
        assertThat(error.markdown()).contains("**提交报销单** 执行失败：报销系统维护中，暂不可提交");
        assertThat(error.choices()).extracting(ChoiceButton::label).containsExactly("重新开始");
        assertThat(error.links()).extracting(LinkButton::url).containsExactly("http://127.0.0.1/log/e1");

        TurnResult restart = harness.click(alice, error.choices().get(0).token());
        assertThat(restart.chosenLabel()).contains("重新开始");
        assertThat(only(restart).markdown()).contains("已重新开始");
        assertThat(harness.sessions.get(alice.session())).isEmpty();
        assertThat(upstream.calls()).hasSize(1);
    }

    @Test
    void actionNotFoundShowsDescriptionAndHint() {
        upstream.then(result("n1", "action_not_found", "ACTION_PREPARE", "未找到与“今天天气怎么样”相关的动作", "null"));
        Card card = only(harness.say(alice, "今天天气怎么样"));
        assertThat(card.status()).isEqualTo("action_not_found");
        assertThat(card.markdown()).startsWith("未找到与“今天天气怎么样”相关的动作").contains("回复 **帮助**")
                .as("the platform's description is the hint; ours is not added a second time")
                .doesNotContain("换个说法试试");

        upstream.then(result("n2", "action_not_found", "ACTION_PREPARE", "", "null"));
        assertThat(only(harness.say(alice, "今天天气怎么样")).markdown()).as("without a description, our hint")
                .contains("没有找到能完成这个请求的动作", "换个说法试试");
        assertThat(card.buttons()).isEmpty();
    }

    @Test
    void unknownStatusShowsDescriptionAndTheNextTextAnswersIt() {
        upstream.then(result("u1", "action_waiting", "ACTION_WAIT", "请稍候，审批中", "{\"foo\":1}"))
                .then(result("u1", "action_done", "ACTION_RUN", "ok", "{\"output\":{}}"));
        Card card = only(harness.say(alice, "我要请假"));
        assertThat(card.status()).isEqualTo("action_waiting");
        assertThat(card.markdown()).contains("请稍候，审批中");
        harness.say(alice, "好的");
        ActionRequest next = upstream.lastCall().request();
        assertThat(next).isNotNull();
        assertThat(next.status()).isEqualTo("action_waiting");
        assertThat(next.step()).isEqualTo("ACTION_WAIT");
        assertThat(next.content()).isEqualTo("好的");
    }

    @Test
    void typedNumberPicksAnOptionOfTheNewestCard() {
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(result("c1", "auth_account_select", "ACTION_CONFIG", "账号", ACCOUNTS));
        Card found = only(harness.say(alice, "发送消息"));
        TurnResult typed = harness.say(alice, "2");
        assertThat(typed.chosenLabel()).contains("发送Markdown消息");
        assertThat(upstream.lastCall().request().data().actionkey()).isEqualTo("199");
        assertThat(harness.click(alice, found.choices().get(1).token()).cards().get(0).markdown())
                .as("the typed pick used the button's token").contains("已经选过了");
    }

    @Test
    void otherTextWhileAChoiceIsExpectedStartsANewRequest() {
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(result("c2", "action_not_found", "ACTION_PREPARE", "没有", "null"));
        harness.say(alice, "发送消息");
        TurnResult other = harness.say(alice, "7");
        assertThat(other.chosenLabel()).as("7 is not an option").isEmpty();
        assertThat(upstream.lastCall().v2()).isTrue();
        assertThat(upstream.lastCall().content()).isEqualTo("7");
    }

    @Test
    void choiceCommandTextIsAClick() {
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(result("c1", "auth_account_select", "ACTION_CONFIG", "账号", ACCOUNTS));
        Card found = only(harness.say(alice, "发送消息"));
        TurnResult result = harness.say(alice, ChoiceCommand.textFor(found.choices().get(0)));
        assertThat(result.chosenLabel()).contains("发送文本消息");
        assertThat(upstream.lastCall().request().data().actionkey()).isEqualTo("198");
        assertThat(only(harness.say(alice, ChoiceCommand.textFor(found.choices().get(0)))).markdown())
                .contains("已经选过了");
    }

    @Test
    void clickBySomeoneElseIsRefusedAndTheOwnerCanStillUseIt() {
        Origin aliceInGroup = inGroup("group1", "alice");
        Origin bob = inGroup("group1", "bob");
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(result("c1", "auth_account_select", "ACTION_CONFIG", "账号", ACCOUNTS));
        Card found = only(harness.say(aliceInGroup, "发送消息"));
        String token = found.choices().get(0).token();

        TurnResult byBob = harness.click(bob, token);
        assertThat(byBob.chosenLabel()).isEmpty();
        assertThat(only(byBob).status()).isEqualTo(CardStatus.NOTICE);
        assertThat(only(byBob).markdown()).contains("发给其他人");
        assertThat(harness.say(bob, ChoiceCommand.textFor(found.choices().get(0))).chosenLabel()).isEmpty();
        assertThat(upstream.calls()).hasSize(1);
        assertThat(harness.sessions.get(bob.session())).isEmpty();

        assertThat(harness.click(aliceInGroup, token).chosenLabel()).contains("发送文本消息");
        assertThat(upstream.calls()).hasSize(2);
    }

    @Test
    void staleReusedAndUnknownTokensChangeNothing() {
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(result("c1", "auth_account_select", "ACTION_CONFIG", "账号", ACCOUNTS));
        Card found = only(harness.say(alice, "发送消息"));
        String used = found.choices().get(0).token();
        String stale = found.choices().get(1).token();
        harness.click(alice, used);
        Session before = harness.sessions.get(alice.session()).orElseThrow();

        TurnResult reused = harness.click(alice, used);
        assertThat(reused.chosenLabel()).isEmpty();
        assertThat(only(reused).status()).isEqualTo(CardStatus.NOTICE);
        assertThat(only(reused).markdown()).contains("已经选过了");

        TurnResult old = harness.click(alice, stale);
        assertThat(old.chosenLabel()).isEmpty();
        assertThat(only(old).markdown()).contains("这张卡片已失效");
        assertThat(old.expiredLabel()).as("the channel greys the old card out").contains("此卡片已失效");
        assertThat(reused.expiredLabel()).as("a used option's card was already marked chosen").isEmpty();

        TurnResult unknown = harness.click(alice, "AAAAAAAAAAAAAAAA");
        assertThat(unknown.chosenLabel()).isEmpty();
        assertThat(only(unknown).markdown()).as("an unknown token is treated as an expired card")
                .contains("这张卡片已失效");

        assertThat(upstream.calls()).hasSize(2);
        Session after = harness.sessions.get(alice.session()).orElseThrow();
        assertThat(after.cardId()).isEqualTo(before.cardId());
        assertThat(after.options()).isEqualTo(before.options());
        assertThat(after.status()).isEqualTo("auth_account_select");
    }

    @Test
    void tokensAreUniqueAndUrlSafe() {
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .then(result("c2", "action_found", "ACTION_PREPARE", "找到", FOUND));
        Card a = only(harness.say(alice, "发送消息"));
        Card b = only(harness.say(person("bob"), "发送消息"));
        assertThat(List.of(a.choices().get(0).token(), a.choices().get(1).token(), b.choices().get(0).token(),
                b.choices().get(1).token())).doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(ChoiceCommand.tokenIn("x #" + t)).contains(t));
    }

    @Test
    void resetEndsTheSessionAndHelpExplains() {
        upstream.then(result("c1", "action_field_required", "ACTION_CONFIG", "缺少", "[{\"key\":\"title\"}]"))
                .then(result("c2", "action_not_found", "ACTION_PREPARE", "没有", "null"));
        harness.say(alice, "帮我创建一个待办");

        Card help = only(harness.say(alice, "帮助"));
        assertThat(help.status()).isEqualTo(CardStatus.HELP);
        assertThat(help.markdown()).contains("帮我创建一个待办", "重新开始", "/reset", "/help");
        assertThat(only(harness.say(alice, "/help")).status()).isEqualTo(CardStatus.HELP);
        assertThat(harness.sessions.get(alice.session()).orElseThrow().live()).as("help keeps the dialogue").isTrue();

        Card reset = only(harness.say(alice, "重新开始"));
        assertThat(reset.status()).isEqualTo(CardStatus.NOTICE);
        assertThat(reset.markdown()).contains("已重新开始");
        assertThat(harness.sessions.get(alice.session())).isEmpty();
        harness.say(alice, "/reset");
        harness.say(alice, "写周报");
        assertThat(upstream.lastCall().v2()).as("after a reset text starts a new dialogue").isTrue();
        assertThat(upstream.calls()).hasSize(2);
    }

    @Test
    void unreachableKeepsTheStateAndRetrySendsTheSameRequest() {
        upstream.then(result("c1", "action_found", "ACTION_PREPARE", "找到", FOUND))
                .thenFail(new ActionException(ActionException.Kind.UNREACHABLE, "connection refused"))
                .then(result("c1", "auth_account_select", "ACTION_CONFIG", "账号", ACCOUNTS));
        Card found = only(harness.say(alice, "发送消息"));
        TurnResult failed = harness.click(alice, found.choices().get(0).token());
        Card error = only(failed);
        assertThat(error.status()).isEqualTo(CardStatus.UPSTREAM_ERROR);
        assertThat(error.markdown()).contains("连不上", "对话进度已保留").doesNotContain("执行结果未知");
        assertThat(error.choices()).extracting(ChoiceButton::label).containsExactly("重试");
        assertThat(harness.sessions.get(alice.session()).orElseThrow().status()).isEqualTo("action_found");
        ActionRequest firstTry = upstream.lastCall().request();

        TurnResult retried = harness.click(alice, error.choices().get(0).token());
        assertThat(retried.chosenLabel()).contains("重试");
        assertThat(upstream.lastCall().request()).isEqualTo(firstTry);
        assertThat(only(retried).status()).isEqualTo("auth_account_select");
    }

    @Test
    void failedFirstRequestCanBeRetried() {
        upstream.thenFail(new ActionException(ActionException.Kind.RATE_LIMITED, "429", 429, null, null))
                .then(result("c1", "action_not_found", "ACTION_PREPARE", "没有", "null"));
        Card error = only(harness.say(alice, "今天天气怎么样"));
        assertThat(error.markdown()).contains("请求太频繁");
        harness.say(alice, "1");
        assertThat(upstream.lastCall().v2()).isTrue();
        assertThat(upstream.lastCall().content()).isEqualTo("今天天气怎么样");
    }

    @Test
    void v1TimeoutSaysTheOutcomeIsUnknownAndOffersNoRetry() {
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认", "{\"input\":{\"days\":1}}"))
                .thenFail(new ActionException(ActionException.Kind.TIMEOUT, "read timed out"))
                .then(result("p2", "action_not_found", "ACTION_PREPARE", "没有", "null"));
        Card preview = only(harness.say(alice, "我要请假"));
        Card error = only(harness.click(alice, preview.choices().get(0).token()));
        assertThat(error.status()).isEqualTo(CardStatus.UPSTREAM_ERROR);
        assertThat(error.markdown()).contains("没有回复", "执行结果未知", "请不要直接重复操作", "执行记录");
        assertThat(error.choices()).isEmpty();
        harness.say(alice, "我要请假");
        assertThat(upstream.lastCall().v2()).as("the unknown dialogue is closed").isTrue();
    }

    @Test
    void unknownOutcomePointsAtTheLogWhenKnown() {
        upstream.then(result("e1", "action_error", "ACTION_RUN", "失败",
                        "{\"error\":\"x\",\"log_url\":\"http://127.0.0.1/log/9\"}"))
                .then(result("e2", "action_preview", "ACTION_PREVIEW", "请确认", "{\"input\":{},\"log_url\":\"http://127.0.0.1/log/9\"}"))
                .thenFail(new ActionException(ActionException.Kind.SERVER_ERROR, "HTTP 502", 502, null, null));
        harness.say(alice, "提交报销单");
        Card preview = only(harness.say(alice, "我要请假"));
        Card error = only(harness.click(alice, preview.choices().get(0).token()));
        assertThat(error.markdown()).contains("执行结果未知", "[执行日志](http://127.0.0.1/log/9)");
        assertThat(error.links()).extracting(LinkButton::url).containsExactly("http://127.0.0.1/log/9");
    }

    @Test
    void everyErrorKindHasItsOwnText() {
        for (ActionException.Kind kind : ActionException.Kind.values()) {
            upstream.thenFail(new ActionException(kind, "admin detail " + kind, 4000, "参数错误", null));
            Card card = only(harness.say(person("p-" + kind), "我要请假"));
            assertThat(card.status()).isEqualTo(CardStatus.UPSTREAM_ERROR);
            assertThat(card.markdown()).as(kind.name()).doesNotContain("upstream.error").doesNotContain("admin detail");
            assertThat(card.choices()).extracting(ChoiceButton::label).as("nothing ran: a retry, except after a "
                    + "final refusal (Code 4000)").containsExactly(kind == ActionException.Kind.REJECTED ? "重新开始" : "重试");
        }
        assertThat(only(harness.say(person("q"), "x")).markdown()).as("script exhausted → internal error")
                .contains("出错了");
    }

    @Test
    void rejectedShowsThePlatformMessage() {
        upstream.thenFail(new ActionException(ActionException.Kind.REJECTED, "Code 4000", 4000, "参数错误", null));
        assertThat(only(harness.say(alice, "我要请假")).markdown()).contains("没有受理", "参数错误");
    }

    @Test
    void payloadAlternativesAreUnderstood() {
        upstream.then(result("a1", "auth_required", "ACTION_AUTH", "请先访问 https://auth.example/x?y=1 完成授权",
                        "{\"appkey\":\"90\",\"actionName\":\"创建待办\"}"))
                .then(result("a2", "auth_required", "ACTION_AUTH", "请授权", "{\"authUrl\":\"http://a/b\"}"))
                .then(result("a3", "auth_account_select", "ACTION_CONFIG", "选择",
                        "[{\"account_id\":\"5\",\"account_name\":\"甲\"},{\"account_id\":6}]"))
                .then(result("a3", "action_done", "ACTION_RUN", "ok", "{}"))
                .then(result("a4", "auth_account_select", "ACTION_CONFIG", "选择",
                        "{\"account_list\":[{\"account_id\":7,\"account_name\":\"乙\"}]}"));
        assertThat(only(harness.say(person("a"), "x")).links()).extracting(LinkButton::url)
                .containsExactly("https://auth.example/x?y=1");
        assertThat(only(harness.say(person("b"), "x")).links()).extracting(LinkButton::url)
                .containsExactly("http://a/b");
        Card bare = only(harness.say(person("c"), "x"));
        assertThat(bare.choices()).extracting(ChoiceButton::label).containsExactly("甲", "6");
        harness.click(person("c"), bare.choices().get(0).token());
        assertThat(upstream.calls()).hasSize(4);
        assertThat(upstream.calls().get(3).request().data().accountId()).isEqualTo(5L);
        assertThat(upstream.calls().get(3).request().data().accountName()).isEqualTo("甲");
        Card list = only(harness.say(person("d"), "x"));
        assertThat(list.choices()).extracting(ChoiceButton::label).containsExactly("乙");
    }

    @Test
    void englishTexts() {
        ScriptedActionClient client = new ScriptedActionClient()
                .then(result("c1", "action_found", "ACTION_PREPARE", "found", FOUND));
        try (EngineHarness english = new EngineHarness(client, EngineHarness.properties(1, 10),
                List.of(), List.of(), Locale.ENGLISH)) {
            Card card = only(english.say(alice, "send"));
            assertThat(card.title()).isEqualTo("Choose an action");
            assertThat(card.markdown()).contains("I found 2 matching actions");
            assertThat(only(english.say(alice, "/help")).title()).isEqualTo("Help");
        }
    }

    @Test
    void sessionDirectoryListsCountsAndResets() {
        upstream.then(result("c1", "action_field_required", "ACTION_CONFIG", "缺少", "[{\"key\":\"title\"}]"))
                .then(result("c2", "action_not_found", "ACTION_PREPARE", "没有", "null"))
                .then(result("c3", "action_preview", "ACTION_PREVIEW", "确认", "{\"input\":{}}"));
        Origin other = new Origin(SessionKey.oneToOne("bot2", "carol"), "test:carol");
        harness.say(alice, "帮我创建一个待办");
        harness.say(person("bob"), "今天天气怎么样");
        harness.say(other, "我要请假");

        assertThat(harness.engine.count()).isEqualTo(3);
        assertThat(harness.engine.list(null, 10)).extracting(SessionSummary::key)
                .containsExactly(other.session(), person("bob").session(), alice.session());
        assertThat(harness.engine.list(null, 1)).hasSize(1);
        List<SessionSummary> bot1 = harness.engine.list("bot1", 10);
        assertThat(bot1).extracting(SessionSummary::key).containsExactly(person("bob").session(), alice.session());
        SessionSummary aliceSummary = bot1.get(1);
        assertThat(aliceSummary.chatId()).isEqualTo("c1");
        assertThat(aliceSummary.status()).isEqualTo("action_field_required");
        assertThat(aliceSummary.step()).isEqualTo("ACTION_CONFIG");
        assertThat(aliceSummary.upstreamUserId()).isEqualTo("test:alice");

        assertThat(harness.engine.reset(alice.session())).isTrue();
        assertThat(harness.engine.reset(alice.session())).isFalse();
        assertThat(harness.engine.count()).isEqualTo(2);
    }

    @Test
    void withoutAnActionNameTheCardsStillReadWell() {
        upstream.then(result("e1", "action_error", "ACTION_RUN", "动作执行失败：系统维护中",
                        "{\"error\":\"系统维护中\",\"log_url\":null}"))
                .then(result("d1", "action_done", "ACTION_RUN", "", "{\"output\":{\"ok\":false}}"));
        String error = only(harness.say(alice, "提交报销单")).markdown();
        assertThat(error).startsWith("动作执行失败：系统维护中").doesNotContain("该动作");
        assertThat(error.split("系统维护中", -1)).as("the reason is shown once").hasSize(2);
        Card done = only(harness.say(alice, "发送"));
        assertThat(done.markdown()).startsWith("动作已执行完成");
        assertThat(done.fields()).containsExactly(new Field("ok", "否"));
    }
}
