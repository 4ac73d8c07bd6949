package com.actionbridge.channel.web;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Emphasis;
import com.actionbridge.card.LinkButton;
import com.actionbridge.conversation.LongAnswers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The web chat's cards: emphasis for the page, and a bound on what one answer sends. */
class WebCardRendererTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void choicesCarryTheirNumberAndEmphasis() {
        Card card = new Card("action_preview", "请确认", "发送？", List.of(), List.of(
                new ChoiceButton("确认执行", "t1", 1, Emphasis.PRIMARY), new ChoiceButton("取消", "t2", 2, Emphasis.SECONDARY),
                new LinkButton("日志", "https://log.example/1")));

        JsonNode node = WebCardRenderer.render(json, card);

        assertThat(node.path("buttons").get(0).path("emphasis").asString()).isEqualTo("primary");
        assertThat(node.path("buttons").get(1).path("emphasis").asString()).isEqualTo("secondary");
        assertThat(node.path("buttons").get(1).path("number").asInt()).isEqualTo(2);
        assertThat(node.path("buttons").get(2).path("url").asString()).isEqualTo("https://log.example/1");
        assertThat(node.has("omitted")).isFalse();
    }

    @Test
    void aHundredKilobyteBodyAndFiveThousandOptionsStayWithinTheBoundAndSayWhatWasLeftOut() {
        List<Button> buttons = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            buttons.add(new ChoiceButton("把消息发送到第" + i + "个群", "token-" + i, i));
        }
        buttons.add(new LinkButton("日志", "https://log.example/1"));
        Card card = new Card("action_found", "找到", "说明".repeat(50_000), List.of(), buttons);

        JsonNode node = WebCardRenderer.render(json, card);
        byte[] bytes = json.writeValueAsBytes(node);

        assertThat(bytes.length).isLessThan(70_000);
        String text = node.path("text").asString();
        assertThat(text).hasSize(WebCardRenderer.TEXT_MAX_CHARS).endsWith("…");
        assertThat(node.path("buttons")).hasSize(WebCardRenderer.MAX_CHOICES + 1);
        assertThat(node.path("buttons").get(WebCardRenderer.MAX_CHOICES).path("url").asString())
                .isEqualTo("https://log.example/1");
        assertThat(node.path("omitted").path("choices").asInt()).isEqualTo(5000 - WebCardRenderer.MAX_CHOICES);
        assertThat(node.path("omitted").path("totalChoices").asInt()).isEqualTo(5000);
        assertThat(node.path("omitted").path("textChars").asInt()).isEqualTo(100_000 - 20_000 + 1);
    }

    @Test
    void exactlyAtTheLimitsNothingIsLeftOut() {
        List<Button> buttons = new ArrayList<>();
        for (int i = 1; i <= WebCardRenderer.MAX_CHOICES; i++) {
            buttons.add(new ChoiceButton("选项" + i, "token-" + i, i));
        }
        Card card = new Card("action_found", "t", "a".repeat(WebCardRenderer.TEXT_MAX_CHARS), List.of(), buttons);

        JsonNode node = WebCardRenderer.render(json, card);

        assertThat(node.path("text").asString()).hasSize(WebCardRenderer.TEXT_MAX_CHARS).doesNotContain("…");
        assertThat(node.path("buttons")).hasSize(WebCardRenderer.MAX_CHOICES);
        assertThat(node.has("omitted")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(LongAnswers.Kind.class)
    void aLongAnswerComesInPagesThatEachFitAndTogetherHoldTheWholeText(LongAnswers.Kind kind) {
        LongAnswers.eachPage(kind, WebCardRenderer.PAGE, (i, card, last) -> {
            JsonNode node = WebCardRenderer.render(json, card);
            String text = node.path("text").asString();
            assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(WebCardRenderer.TEXT_MAX_CHARS);
            assertThat(text).as("page %d is not cut again", i + 1).isEqualTo(card.markdown())
                    .contains(LongAnswers.content(card));
            assertThat(node.path("omitted").path("textChars").asInt()).isZero();
            assertThat(json.writeValueAsString(node).length()).isLessThan(40_000);
            JsonNode more = null;
            for (JsonNode b : node.path("buttons")) {
                if (b.path("more").asBoolean()) {
                    more = b;
                }
            }
            if (last) {
                assertThat(more).isNull();
            } else {
                assertThat(more).isNotNull();
                assertThat(more.path("label").asString()).isEqualTo("更多");
                assertThat(more.path("choice").asString()).isEqualTo(card.more().orElseThrow().token());
                assertThat(more.has("number")).as("not an option a number could pick").isFalse();
            }
        });
    }
}
