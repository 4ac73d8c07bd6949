package com.actionbridge.channel.wecom;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

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
    void longLabelsAreNumberedOnTheButtonsAndListedWholeInTheText() {
        Card card = new Card("auth_account_select", "请选择账号", "选择账号", List.of(),
                List.of(new ChoiceButton("AI-action测试1", "tokxxxxxxxxxxxx01", 1),
                        new ChoiceButton("AI-action测试2", "tokxxxxxxxxxxxx02", 2)));

        WeComMessage.ButtonCard c = (WeComMessage.ButtonCard) renderer.render("ops", card).get(0);

        assertThat(c.buttons()).extracting(WeComMessage.Choice::text).containsExactly("1. AI-act…", "2. AI-act…");
        assertThat(c.subtitle()).isEqualTo("选择账号\n1. AI-action测试1\n2. AI-action测试2");
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
}
