package com.actionbridge.channel.wecom;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Emphasis;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.actionbridge.conversation.LongAnswers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class WeComCardRendererTest {

    private final WeComCardRenderer renderer = new WeComCardRenderer(new WeComTexts(Locale.forLanguageTag("zh-CN")));

    private static List<Button> choices(int n) {
        List<Button> buttons = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            buttons.add(new ChoiceButton("选项" + i, "tok" + "x".repeat(12) + String.format("%02d", i), i));
        }
        return buttons;
    }

    private static JsonObject json(WeComMessage message) {
        return JsonParser.parseString(message.toWxCpMessage("zhangsan", 1000002).toJson()).getAsJsonObject();
    }

    @Test
    void sixChoicesAreSixButtonsKeyedByTheirTokens() {
        Card card = new Card("action_found", "找到 6 个动作", "请选择要执行的动作", List.of(), choices(6));

        List<WeComMessage> out = renderer.render("ops", card);

        assertThat(out).hasSize(1);
        JsonObject msg = json(out.get(0));
        assertThat(msg.get("msgtype").getAsString()).isEqualTo("template_card");
        assertThat(msg.get("touser").getAsString()).isEqualTo("zhangsan");
        assertThat(msg.get("agentid").getAsInt()).isEqualTo(1000002);
        JsonObject tc = msg.getAsJsonObject("template_card");
        assertThat(tc.get("card_type").getAsString()).isEqualTo("button_interaction");
        assertThat(tc.getAsJsonObject("main_title").get("title").getAsString()).isEqualTo("找到 6 个动作");
        assertThat(tc.get("sub_title_text").getAsString()).isEqualTo("请选择要执行的动作");
        JsonArray buttons = tc.getAsJsonArray("button_list");
        assertThat(buttons).hasSize(6);
        for (int i = 0; i < 6; i++) {
            ChoiceButton expected = (ChoiceButton) card.buttons().get(i);
            assertThat(buttons.get(i).getAsJsonObject().get("key").getAsString()).isEqualTo(expected.token());
            assertThat(buttons.get(i).getAsJsonObject().get("text").getAsString()).isEqualTo(expected.label());
        }
    }

    @Test
    void sevenChoicesShowFiveButtonsAndListTheRestByNumberInASecondMessage() {
        Card card = new Card("action_found", "找到 8 个动作", "请选择", List.of(), choices(8));

        List<WeComMessage> out = renderer.render("ops", card);

        assertThat(out).hasSize(2);
        WeComMessage.ButtonCard first = (WeComMessage.ButtonCard) out.get(0);
        assertThat(first.buttons()).extracting(WeComMessage.Choice::text)
                .containsExactly("选项1", "选项2", "选项3", "选项4", "选项5");
        assertThat(first.subtitle()).contains("共 8 个选项").contains("回复编号");
        WeComMessage.Markdown more = (WeComMessage.Markdown) out.get(1);
        assertThat(more.content()).contains("6. 选项6").contains("7. 选项7").contains("8. 选项8")
                .doesNotContain("5. 选项5").contains("回复编号");
        assertThat(json(more).get("msgtype").getAsString()).isEqualTo("markdown");
    }

    @Test
    void withManyOptionsAndABodyNearTheLimitThePointerToTheRestIsNeverCutOff() {
        String body = "说".repeat(100);
        Card card = new Card("action_found", "找到 9 个动作", body, List.of(), choices(9));

        List<WeComMessage> out = renderer.render("ops", card);

        assertThat(out).hasSize(3);
        assertThat(((WeComMessage.Markdown) out.get(0)).content()).contains(body);
        WeComMessage.ButtonCard c = (WeComMessage.ButtonCard) out.get(1);
        assertThat(c.subtitle()).isEqualTo("请选择：\n共 9 个选项，其余选项见下一条消息，回复编号即可选择。");
        assertThat(c.buttons()).hasSize(5);
        assertThat(((WeComMessage.Markdown) out.get(2)).content()).contains("6. 选项6").contains("9. 选项9");
    }

    @Test
    void longLabelsAreNumberedOnTheButtonsKeepTheirDifferenceAndAreListedWholeInTheText() {
        Card card = new Card("auth_account_select", "请选择账号", "选择账号", List.of(),
                List.of(new ChoiceButton("AI-action测试1", "tokxxxxxxxxxxxx01", 1),
                        new ChoiceButton("AI-action测试2", "tokxxxxxxxxxxxx02", 2)));

        WeComMessage.ButtonCard c = (WeComMessage.ButtonCard) renderer.render("ops", card).get(0);

        assertThat(c.buttons()).extracting(WeComMessage.Choice::text).containsExactly("1.…tion测试1", "2.…tion测试2");
        assertThat(c.subtitle()).isEqualTo("选择账号\n1. AI-action测试1\n2. AI-action测试2");
    }

    @Test
    void buttonTextsStayWithinTenCharactersAndDifferWhereverTheLabelsDiffer() {
        List<List<String>> cases = List.of(
                List.of("AI-action账号（张三）", "AI-action账号（李四）"),
                List.of("张三的企业微信账号（研发部）", "李四的企业微信账号（市场部）"),
                List.of("企业微信账号甲的一个很长的名字", "企业微信账号乙的一个很长的名字"),
                List.of("同一个前缀很长很长很长很长A", "同一个前缀很长很长很长很长B", "同一个前缀很长很长很长很长C"),
                List.of("1234567890", "12345678901"),
                List.of("😀😀😀😀😀😀😀😀😀😀😀甲", "😀😀😀😀😀😀😀😀😀😀😀乙"));
        for (List<String> labels : cases) {
            List<ChoiceButton> choices = IntStream.range(0, labels.size())
                    .mapToObj(i -> new ChoiceButton(labels.get(i), "tok" + i, i + 1)).toList();

            List<String> texts = WeComCardRenderer.buttonLabels(choices);

            assertThat(texts).as("%s", labels).allSatisfy(t ->
                    assertThat(t.codePointCount(0, t.length())).isLessThanOrEqualTo(10));
            assertThat(texts.stream().map(t -> t.substring(t.indexOf('.') + 1)).distinct()).as("%s", labels)
                    .hasSize(labels.size());
        }
        assertThat(WeComCardRenderer.buttonLabels(List.of(new ChoiceButton("AI-action账号（张三）", "a", 1),
                new ChoiceButton("AI-action账号（李四）", "b", 2)))).containsExactly("1.…n账号（张三）", "2.…n账号（李四）");
    }

    @Test
    void aLabelOfExactlyTenCharactersIsShownWholeAndElevenAreNumbered() {
        Card ten = new Card("action_found", "t", "", List.of(), List.of(
                new ChoiceButton("一二三四五六七八九十", "tok01", 1), new ChoiceButton("取消", "tok02", 2)));
        Card eleven = new Card("action_found", "t", "", List.of(), List.of(
                new ChoiceButton("一二三四五六七八九十甲", "tok01", 1), new ChoiceButton("取消", "tok02", 2)));

        WeComMessage.ButtonCard atLimit = (WeComMessage.ButtonCard) renderer.render("ops", ten).get(0);
        WeComMessage.ButtonCard over = (WeComMessage.ButtonCard) renderer.render("ops", eleven).get(0);

        assertThat(atLimit.buttons()).extracting(WeComMessage.Choice::text).containsExactly("一二三四五六七八九十", "取消");
        assertThat(over.buttons()).extracting(WeComMessage.Choice::text).containsExactly("1.一二三四五六七…", "2.取消");
        assertThat(over.subtitle()).contains("1. 一二三四五六七八九十甲");
    }

    @Test
    void confirmIsThePrimaryStyleAndCancelTheSecondary() {
        Card card = new Card("action_preview", "请确认", "", List.of(), List.of(
                new ChoiceButton("确认执行", "tok01", 1, Emphasis.PRIMARY),
                new ChoiceButton("修改", "tok02", 2),
                new ChoiceButton("取消", "tok03", 3, Emphasis.SECONDARY)));

        JsonArray buttons = json(renderer.render("ops", card).get(0)).getAsJsonObject("template_card")
                .getAsJsonArray("button_list");

        assertThat(buttons.get(0).getAsJsonObject().get("style").getAsInt()).isEqualTo(1);
        assertThat(buttons.get(1).getAsJsonObject().get("style").getAsInt()).isEqualTo(1);
        assertThat(buttons.get(2).getAsJsonObject().get("style").getAsInt()).isEqualTo(4);
    }

    @Test
    void fiveThousandOptionsListWhatFitsIn2048BytesAndSayHowToPickAnyOfThem() {
        List<Button> many = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            many.add(new ChoiceButton("动作" + i + "：把消息发送到第" + i + "个群", "tok" + i, i));
        }
        Card card = new Card("action_found", "找到 5000 个动作", "请选择", List.of(), many);

        List<WeComMessage> out = renderer.render("ops", card);

        assertThat(out).hasSize(3);
        assertThat(((WeComMessage.ButtonCard) out.get(1)).buttons()).extracting(WeComMessage.Choice::text)
                .containsExactly("1.动作1：把消息…", "2.动作2：把消息…", "3.动作3：把消息…", "4.动作4：把消息…", "5.动作5：把消息…");
        String more = ((WeComMessage.Markdown) out.get(2)).content();
        assertThat(more.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048).isGreaterThan(1900);
        assertThat(more).contains("6. 动作6").contains("…\n共 5000 个选项，只列出了一部分；回复编号可选择任一选项")
                .doesNotContain("5000. ");
    }

    @Test
    void shortLabelsAreShownAsTheyAre() {
        Card card = new Card("action_preview", "请确认", "", List.of(),
                List.of(new ChoiceButton("确认执行", "tokxxxxxxxxxxxx01", 1), new ChoiceButton("取消", "tokxxxxxxxxxxxx02", 2)));

        WeComMessage.ButtonCard c = (WeComMessage.ButtonCard) renderer.render("ops", card).get(0);

        assertThat(c.buttons()).extracting(WeComMessage.Choice::text).containsExactly("确认执行", "取消");
        assertThat(c.subtitle()).isEmpty();
    }

    @Test
    void taskIdsAreUniqueShortAndUseOnlyAllowedCharacters() {
        Set<String> ids = new HashSet<>();
        Card card = new Card("action_found", "t", "", List.of(), choices(2));
        for (int i = 0; i < 2000; i++) {
            WeComMessage.ButtonCard c = (WeComMessage.ButtonCard) renderer.render("ops-bot_1", card).get(0);
            assertThat(c.taskId()).matches(WeComCardRenderer.TASK_ID);
            assertThat(c.taskId().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128);
            ids.add(c.taskId());
        }
        assertThat(ids).hasSize(2000);
    }

    @Test
    void taskIdStaysWithinLimitsForAnAbsurdBotIdAndSuffix() {
        WeComCardRenderer r = new WeComCardRenderer(new WeComTexts(Locale.CHINA), () -> "s".repeat(300) + "/中");
        String id = r.taskId("机器人-" + "b".repeat(200) + " !");
        assertThat(id).matches(WeComCardRenderer.TASK_ID);
        assertThat(id.getBytes(StandardCharsets.UTF_8).length).isEqualTo(128);
    }

    @Test
    void linksOnAChoiceCardAreTappableRowsAndFieldsAreRows() {
        Card card = new Card("action_done", "已完成", "**结果**见日志", List.of(new Field("应用", "钉钉待办")),
                List.of(new ChoiceButton("再来一次", "tokxxxxxxxxxxxx01", 1), new LinkButton("查看日志", "https://log.example/1")));

        JsonObject tc = json(renderer.render("ops", card).get(0)).getAsJsonObject("template_card");

        assertThat(tc.get("sub_title_text").getAsString()).isEqualTo("结果见日志");
        JsonArray rows = tc.getAsJsonArray("horizontal_content_list");
        assertThat(rows).hasSize(2);
        JsonObject link = rows.get(0).getAsJsonObject();
        assertThat(link.get("type").getAsInt()).isEqualTo(1);
        assertThat(link.get("url").getAsString()).isEqualTo("https://log.example/1");
        assertThat(link.get("value").getAsString()).isEqualTo("查看日志");
        assertThat(rows.get(1).getAsJsonObject().get("keyname").getAsString()).isEqualTo("应用");
        assertThat(rows.get(1).getAsJsonObject().get("value").getAsString()).isEqualTo("钉钉待办");
    }

    @Test
    void aLongBodyOnAChoiceCardGoesFirstAsMarkdownAndTheCardOnlyAsks() {
        String body = "很长的说明。".repeat(40);
        Card card = new Card("action_preview", "请确认", body, List.of(new Field("请假天数", "3")),
                List.of(new ChoiceButton("确认", "tokxxxxxxxxxxxx01", 1), new ChoiceButton("取消", "tokxxxxxxxxxxxx02", 2)));

        List<WeComMessage> out = renderer.render("ops", card);

        assertThat(out).hasSize(2);
        assertThat(((WeComMessage.Markdown) out.get(0)).content()).contains(body).contains("请假天数：3");
        WeComMessage.ButtonCard c = (WeComMessage.ButtonCard) out.get(1);
        assertThat(c.subtitle()).isEqualTo("请选择：");
        assertThat(c.buttons()).hasSize(2);
    }

    @Test
    void textOnlyCardIsMarkdownWithTitleFieldsAndLinks() {
        Card card = new Card("auth_required", "需要授权", "请先授权账号", List.of(new Field("应用", "钉钉待办")),
                List.of(new LinkButton("去授权", "https://auth.example/x")));

        List<WeComMessage> out = renderer.render("ops", card);

        assertThat(out).hasSize(1);
        String md = ((WeComMessage.Markdown) out.get(0)).content();
        assertThat(md).isEqualTo("**需要授权**\n请先授权账号\n> 应用：钉钉待办\n[去授权](https://auth.example/x)");
    }

    @Test
    void longMarkdownIsCutToExactly2048BytesOnACharacterBoundaryAndKeepsItsLink() {
        String body = "汉".repeat(1000); // 3000 bytes
        Card card = new Card("action_done", "完成", body, List.of(), List.of(new LinkButton("日志", "https://log.example/9")));

        String md = ((WeComMessage.Markdown) renderer.render("ops", card).get(0)).content();

        byte[] bytes = md.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(2048).isGreaterThan(2040);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(md);
        assertThat(md).contains("…\n[日志](https://log.example/9)").doesNotContain("\uFFFD");
    }

    @Test
    void cutBytesNeverSplitsAMultibyteCharacterOrASurrogatePair() {
        String emoji = "😀"; // 4 bytes, two chars
        for (int max = 4; max <= 40; max++) {
            String cut = WeComCardRenderer.cutBytes(emoji.repeat(20) + "a", max);
            assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max);
            assertThat(cut).endsWith("…");
            String withoutEllipsis = cut.substring(0, cut.length() - 1);
            assertThat(withoutEllipsis.length() % 2).isZero();
            assertThat(IntStream.range(0, withoutEllipsis.length()).allMatch(i ->
                    i % 2 == 0 ? Character.isHighSurrogate(withoutEllipsis.charAt(i))
                            : Character.isLowSurrogate(withoutEllipsis.charAt(i)))).isTrue();
        }
        assertThat(WeComCardRenderer.cutBytes("abc", 3)).isEqualTo("abc");
        assertThat(WeComCardRenderer.cutBytes("汉汉", 6)).isEqualTo("汉汉");
        assertThat(WeComCardRenderer.cutBytes("汉汉汉", 8)).isEqualTo("汉…");
    }

    @Test
    void markdownExactlyAtTheLimitIsKeptWhole() {
        String body = "a".repeat(2048 - "**t**\n".length());
        String md = ((WeComMessage.Markdown) renderer.render("ops", Card.text("notice", "t", body)).get(0)).content();
        assertThat(md.getBytes(StandardCharsets.UTF_8)).hasSize(2048);
        assertThat(md).doesNotContain("…");
    }

    @ParameterizedTest
    @EnumSource(LongAnswers.Kind.class)
    void aLongAnswerComesInPagesThatEachFitAndTogetherHoldTheWholeText(LongAnswers.Kind kind) {
        LongAnswers.eachPage(kind, WeComCardRenderer.PAGE, (i, card, last) -> {
            List<WeComMessage> messages = renderer.render("bot1", card);
            StringBuilder markdown = new StringBuilder();
            for (WeComMessage message : messages) {
                if (message instanceof WeComMessage.Markdown md) {
                    assertThat(md.content().getBytes(StandardCharsets.UTF_8).length)
                            .isLessThanOrEqualTo(WeComCardRenderer.MARKDOWN_MAX_BYTES);
                    markdown.append(md.content()).append('\n');
                } else if (message instanceof WeComMessage.ButtonCard button) {
                    assertThat(button.buttons()).hasSizeLessThanOrEqualTo(WeComCardRenderer.MAX_BUTTONS);
                    assertThat(button.buttons().get(button.buttons().size() - 1).key())
                            .as("更多 is the last button").isEqualTo(card.more().orElseThrow().token());
                }
            }
            assertThat(markdown.toString()).as("page %d is not cut again", i + 1)
                    .contains(LongAnswers.content(card).strip());
            if (!last) {
                assertThat(markdown.toString()).contains("回复「更多」");
            }
        });
    }
}
