package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Emphasis;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.conversation.ChoiceCommand;
import com.actionbridge.conversation.LongAnswers;
import com.actionbridge.conversation.SessionKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import tools.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing DingTalk payloads, both renderings at their limits, and the start-up check of bots. */
class DingTalkRenderingTest {

    private final ActionCardRenderer actionCards = new ActionCardRenderer(DingTalkTexts.chinese());
    private final ReplyTarget oneToOne = new ReplyTarget(false, "u1", "u1", "Nick", null, 0);

    private static String token(int i) {
        return String.format("tok%013d", i);
    }

    @Test
    void aChoiceButtonSendsTheChoiceCommandThatTheEngineRecognises() {
        ChoiceButton b = new ChoiceButton("发送 文本&消息", token(1), 1);
        String url = ActionCardRenderer.sendMessageUrl(b);
        assertThat(url).startsWith("dtmd://dingtalkclient/sendMessage?content=").doesNotContain("+").doesNotContain(" ");
        String content = URLDecoder.decode(url.substring(url.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(content).isEqualTo(ChoiceCommand.textFor(b));
        assertThat(ChoiceCommand.tokenIn(content)).contains(token(1));
    }

    @Test
    void moreThanFiveOptionsShowFiveButtonsAndNumberEveryOption() {
        List<Button> buttons = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            buttons.add(new ChoiceButton("选项" + i, token(i), i));
        }
        buttons.add(new LinkButton("查看日志", "https://log.example/1"));
        Card card = new Card("action_found", "找到 7 个操作", "请选择", List.of(new Field("应用", "钉钉待办")), buttons);
        OutgoingMessage m = actionCards.render(card, oneToOne);
        Map<?, ?> actionCard = (Map<?, ?>) m.webhookBody().get("actionCard");
        assertThat((List<?>) actionCard.get("btns")).hasSize(5);
        String text = (String) actionCard.get("text");
        assertThat(text).contains("7. 选项7", "**应用**：钉钉待办", "[查看日志](https://log.example/1)", "回复序号");
        assertThat(m.msgKey()).isEqualTo("sampleActionCard5");
        assertThat(m.msgParam()).containsKeys("actionTitle5", "actionURL5").doesNotContainKey("actionTitle6");
    }

    @Test
    void optionsTheBodyAlreadyNumbersAreNotListedTwice() {
        Card card = new Card("action_found", "找到 2 个操作", "1. **发送文本消息**\n2. **发送Markdown消息**\n", List.of(),
                List.of(new ChoiceButton("发送文本消息", token(1), 1), new ChoiceButton("发送Markdown消息", token(2), 2)));
        String text = (String) ((Map<?, ?>) actionCards.render(card, oneToOne).webhookBody().get("actionCard")).get("text");
        assertThat(text.split("1\\. ", -1)).hasSize(2);
        ReplyTarget group = new ReplyTarget(true, "cid", "alice", "Alice", null, 0);
        String groupText = actionCards.render(card, group).msgParam().get("text");
        assertThat(groupText).contains("@我");
    }

    @Test
    void linkButtonsAreOrdinaryUrlsAndASingleButtonUsesTheSingleCard() {
        Card card = new Card("auth_required", "需要授权", "请先授权", List.of(),
                List.of(new LinkButton("去授权", "https://auth.example/a?b=1")));
        OutgoingMessage m = actionCards.render(card, oneToOne);
        assertThat(m.msgKey()).isEqualTo("sampleActionCard");
        assertThat(m.msgParam().get("singleURL")).isEqualTo("https://auth.example/a?b=1");
        assertThat(m.msgParam().get("text")).doesNotContain("回复序号");
    }

    @Test
    void aTextStatusIsMarkdownAndInAGroupMentionsThePerson() {
        ReplyTarget group = new ReplyTarget(true, "cid", "alice", "Alice", null, 0);
        OutgoingMessage m = actionCards.render(Card.text("action_error", "执行失败", "原因：余额不足"), group);
        assertThat(m.webhookBody().get("msgtype")).isEqualTo("markdown");
        assertThat(m.webhookBody().get("at")).isEqualTo(Map.of("atUserIds", List.of("alice"), "isAtAll", false));
        assertThat(m.msgKey()).isEqualTo("sampleMarkdown");
        assertThat(m.msgParam().get("text")).startsWith("@Alice").contains("### 执行失败", "原因：余额不足");
    }

    @Test
    void templateVariablesAreAllStringsWithListsAsJson() {
        Card card = new Card("action_preview", "请确认", "**请假** 3 天", List.of(new Field("天数", "3")),
                List.of(new ChoiceButton("确认", token(1), 1), new LinkButton("日志", "https://log/1")));
        InteractiveCardRenderer r = new InteractiveCardRenderer();
        Map<String, String> params = r.render(card);
        assertThat(params).containsEntry("status", "action_preview").containsEntry("title", "请确认")
                .containsEntry("chosen", "").containsEntry("disabled", "false").containsEntry("hasButtons", "true");
        JsonNode buttons = FakeDingTalk.JSON.readTree(params.get("buttons"));
        assertThat(buttons.get(0).path("token").asString()).isEqualTo(token(1));
        assertThat(buttons.get(1).path("url").asString()).isEqualTo("https://log/1");
        assertThat(FakeDingTalk.JSON.readTree(params.get("fields")).get(0).path("value").asString()).isEqualTo("3");
        Map<String, String> chosen = r.chosen(params, "确认");
        assertThat(chosen).containsEntry("chosen", "确认").containsEntry("disabled", "true");
    }

    @Test
    void confirmIsFirstOnAnActionCardAndCarriesItsEmphasisToTheTemplate() {
        Card card = new Card("action_preview", "请确认", "发送消息？", List.of(), List.of(
                new ChoiceButton("取消", token(2), 2, Emphasis.SECONDARY),
                new ChoiceButton("确认执行", token(1), 1, Emphasis.PRIMARY)));

        OutgoingMessage m = actionCards.render(card, oneToOne);
        Map<String, String> params = new InteractiveCardRenderer().render(card);

        assertThat(m.msgParam()).containsEntry("actionTitle1", "确认执行").containsEntry("actionTitle2", "取消");
        JsonNode buttons = FakeDingTalk.JSON.readTree(params.get("buttons"));
        assertThat(buttons.get(0).path("emphasis").asString()).isEqualTo("secondary");
        assertThat(buttons.get(1).path("emphasis").asString()).isEqualTo("primary");
    }

    @Test
    void aHugeBodyIsCutTo5000CharactersWithANoteAndKeepsTheLinkAndTheHint() {
        Card card = new Card("action_found", "找到", "说明".repeat(50_000), List.of(new Field("应用", "钉钉待办")),
                List.of(new ChoiceButton("发送", token(1), 1), new LinkButton("日志", "https://log.example/1"),
                        new LinkButton("帮助", "https://help.example/1")));
        ReplyTarget group = new ReplyTarget(true, "cid", "alice", "Alice", null, 0);

        for (ReplyTarget target : List.of(oneToOne, group)) {
            String text = actionCards.render(card, target).msgParam().get("text");

            assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(5000).isGreaterThan(4800);
            assertThat(text).contains("…\n\n（内容过长，后面的部分已省略。）", "**应用**：钉钉待办", "1. 发送")
                    .doesNotContain("\uFFFD").doesNotContain("共 1 个选项");
            assertThat(text).endsWith(target.group() ? "> 点击按钮，或 @我 并回复序号选择。" : "> 点击按钮，或回复序号选择。");
        }
        Map<String, String> params = new InteractiveCardRenderer().render(card);
        assertThat(params.get("markdown").length()).isLessThanOrEqualTo(5000);
        assertThat(params.get("markdown")).contains("…", "内容过长");
    }

    @Test
    void fiveThousandOptionsListWhatFitsAndSayHowManyThereAreAndHowToPickAny() {
        List<Button> buttons = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            buttons.add(new ChoiceButton("把消息发送到第" + i + "个群", token(i), i));
        }
        Card card = new Card("action_found", "找到 5000 个操作", "请选择", List.of(), buttons);

        OutgoingMessage m = actionCards.render(card, oneToOne);
        String text = m.msgParam().get("text");

        assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(5000).isGreaterThan(3000);
        assertThat(text).contains("1. 把消息发送到第1个群", "…\n\n> 共 5000 个选项，只列出了一部分").doesNotContain("5000. ");
        assertThat((List<?>) ((Map<?, ?>) m.webhookBody().get("actionCard")).get("btns")).hasSize(5);
        assertThat(FakeDingTalk.JSON.writeValueAsString(m.webhookBody()).length()).isLessThan(15_000);
        Map<String, String> params = new InteractiveCardRenderer().render(card);
        assertThat(FakeDingTalk.JSON.readTree(params.get("buttons"))).hasSize(20);
        assertThat(params.get("markdown")).contains("共 5000 个选项");
    }

    @Test
    void aBodyOfExactly5000CharactersIsKeptWhole() {
        String title = "t";
        String body = "a".repeat(5000 - "### t\n\n".length());
        String text = actionCards.render(Card.text("notice", title, body), oneToOne).msgParam().get("text");
        assertThat(text).hasSize(5000).doesNotContain("…");
        String over = actionCards.render(Card.text("notice", title, body + "b"), oneToOne).msgParam().get("text");
        assertThat(over.length()).isLessThanOrEqualTo(5000);
        assertThat(over).contains("…", "内容过长");
    }

    @Test
    void parsesAGroupMessageStrippingTheMention() {
        String json = DingTalkFixtures.group("m1", "cid1", "alice", "帮我创建一个待办", "http://hook");
        InboundMessage m = DingTalkPayloads.message(json);
        assertThat(m.text()).isEqualTo("帮我创建一个待办");
        assertThat(m.group()).isTrue();
        assertThat(m.conversationId()).isEqualTo("cid1");
        assertThat(m.corpId()).isEqualTo(DingTalkFixtures.CORP);
        assertThat(m.sessionWebhook()).isEqualTo("http://hook");
    }

    @Test
    void theUpstreamUserIdFallsBackToTheBotsCorpId() {
        BotConfig bot = DingTalkFixtures.bot("hr", DingTalkMode.STREAM, null, null);
        assertThat(DingTalkInbound.upstreamUserId(bot, "dingA", "u1")).isEqualTo("dingtalk:dingA:u1");
        assertThat(DingTalkInbound.upstreamUserId(bot, null, "u1")).isEqualTo("dingtalk:dingcorp1:u1");
    }

    @Test
    void parsesACardClickWithItsToken() {
        CardClick c = DingTalkPayloads.cardClick(DingTalkFixtures.cardClick("ab-1", "bob", token(3), "IM_GROUP", "cid"));
        assertThat(c.outTrackId()).isEqualTo("ab-1");
        assertThat(c.userId()).isEqualTo("bob");
        assertThat(c.token()).isEqualTo(token(3));
        assertThat(c.actionIds()).containsExactly("choose");
    }

    @Test
    void theChannelsTextsComeFromItsBundleInEitherLanguage() throws Exception {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames("i18n/dingtalk");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        assertThat(new DingTalkTexts(source, Locale.ENGLISH).textOnly()).startsWith("Only text messages");
        assertThat(new DingTalkTexts(source, Locale.forLanguageTag("zh-CN")).textOnly())
                .isEqualTo(DingTalkTexts.chinese().textOnly());
        Properties zh = new Properties();
        Properties en = new Properties();
        try (var a = getClass().getResourceAsStream("/i18n/dingtalk.properties");
             var b = getClass().getResourceAsStream("/i18n/dingtalk_en.properties")) {
            zh.load(new java.io.InputStreamReader(a, StandardCharsets.UTF_8));
            en.load(new java.io.InputStreamReader(b, StandardCharsets.UTF_8));
        }
        assertThat(en.keySet()).isEqualTo(zh.keySet());
    }

    @Test
    void anIncompleteBotStopsStartUpNamingTheBotAndTheKey() {
        BotConfig noSecret = new BotConfig("hr", com.actionbridge.bot.Platform.DINGTALK, null, null, null, null, null,
                null, null, "cid", " ", null, DingTalkMode.STREAM, null, null, List.of());
        assertThatThrownBy(() -> DingTalkBotCheck.check(List.of(noSecret)))
                .hasMessageContaining("'hr'").hasMessageContaining("client-secret");
        BotConfig noId = new BotConfig("ops", com.actionbridge.bot.Platform.DINGTALK, null, null, null, null, null,
                null, null, null, "s", null, DingTalkMode.HTTP, null, null, List.of());
        assertThatThrownBy(() -> DingTalkBotCheck.check(List.of(noId)))
                .hasMessageContaining("'ops'").hasMessageContaining("client-id");
        BotConfig badUrl = DingTalkFixtures.bot("x", DingTalkMode.STREAM, null, "ftp://proxy");
        assertThatThrownBy(() -> DingTalkBotCheck.check(List.of(badUrl)))
                .hasMessageContaining("'x'").hasMessageContaining("api-base-url");
    }

    @ParameterizedTest
    @EnumSource(LongAnswers.Kind.class)
    void aLongAnswerComesInPagesThatEachFitAnActionCardAndTogetherHoldTheWholeText(LongAnswers.Kind kind) {
        ReplyTarget group = new ReplyTarget(true, "cid1", "u1", "Nick", null, 0);
        for (ReplyTarget target : List.of(oneToOne, group)) {
            LongAnswers.Paged paged = LongAnswers.paged(kind, ActionCardRenderer.PAGE, target.group()
                    ? new SessionKey("bot1", "cid1", "u1") : SessionKey.oneToOne("bot1", "u1"));
            assertThat(paged.joined()).isEqualTo(paged.whole());
            for (int i = 0; i < paged.cards().size(); i++) {
                Card card = paged.cards().get(i);
                OutgoingMessage message = actionCards.render(card, target);
                String text = message.msgParam().get("text");
                assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(ActionCardRenderer.TEXT_MAX_CHARS);
                assertThat(text).as("page %d is not cut again", i + 1).contains(LongAnswers.content(card).strip())
                        .doesNotContain(DingTalkTexts.chinese().textCut());
                boolean last = i == paged.cards().size() - 1;
                String moreUrl = last ? null : "dtmd://dingtalkclient/sendMessage?content="
                        + URLEncoder.encode("更多 #" + card.more().orElseThrow().token(), StandardCharsets.UTF_8)
                        .replace("+", "%20");
                assertThat(message.msgParam().containsValue(moreUrl)).as("更多 button on page %d", i + 1).isEqualTo(!last);
                if (target.group() && !last) {
                    assertThat(text).contains("@我 并回复「更多」");
                }

                Map<String, String> params = new InteractiveCardRenderer().render(card);
                String markdown = params.get("markdown");
                assertThat(markdown.codePointCount(0, markdown.length()))
                        .isLessThanOrEqualTo(InteractiveCardRenderer.MARKDOWN_MAX_CHARS);
                assertThat(markdown).contains(LongAnswers.content(card)).doesNotContain(DingTalkTexts.chinese().textCut());
                JsonNode buttons = DingTalkPayloads.JSON.readTree(params.get("buttons"));
                assertThat(buttons.size()).isLessThanOrEqualTo(InteractiveCardRenderer.MAX_BUTTONS);
                JsonNode lastButton = buttons.isEmpty() ? null : buttons.get(buttons.size() - 1);
                assertThat(lastButton != null && card.more().map(m -> m.token().equals(lastButton.path("token").asString()))
                        .orElse(false)).as("更多 is the last button on page %d", i + 1).isEqualTo(!last);
            }
        }
    }

    @Test
    void theButtonsAlsoComeInTheCardPlatformsDynamicButtonFormatAndGreyOutOnceUsed() {
        Card card = new Card("action_preview", "请确认", "发送？", List.of(), List.of(
                new ChoiceButton("确认执行", token(1), 1, Emphasis.PRIMARY),
                new ChoiceButton("取消", token(2), 2, Emphasis.SECONDARY),
                new LinkButton("查看日志", "https://log.example/1")));
        InteractiveCardRenderer r = new InteractiveCardRenderer();
        Map<String, String> params = r.render(card);

        JsonNode btns = DingTalkPayloads.JSON.readTree(params.get("btns"));
        assertThat(btns).hasSize(3);
        assertThat(btns.get(0).path("text").asString()).isEqualTo("确认执行");
        assertThat(btns.get(0).path("color").asString()).isEqualTo("blue");
        assertThat(btns.get(0).path("status").asString()).isEqualTo("normal");
        assertThat(btns.get(0).path("event").path("type").asString()).isEqualTo("sendCardRequest");
        assertThat(btns.get(0).path("event").path("params").path("params").path("token").asString())
                .isEqualTo(token(1));
        assertThat(btns.get(1).path("color").asString()).isEqualTo("gray");
        assertThat(btns.get(2).path("event").path("type").asString()).isEqualTo("openLink");
        assertThat(btns.get(2).path("event").path("params").path("url").asString()).isEqualTo("https://log.example/1");

        for (Map<String, String> used : List.of(r.chosen(params, "确认执行"), r.expired(params, "此卡片已失效"))) {
            JsonNode greyed = DingTalkPayloads.JSON.readTree(used.get("btns"));
            assertThat(greyed).hasSize(3).allSatisfy(b -> {
                assertThat(b.path("status").asString()).isEqualTo("disabled");
                assertThat(b.path("color").asString()).isEqualTo("gray");
            });
            assertThat(greyed.get(0).path("event").path("params").path("params").path("token").asString())
                    .isEqualTo(token(1));
        }
    }
}
