package com.actionbridge.channel.wecomaibot;

import com.actionbridge.card.Card;
import com.actionbridge.channel.wecom.WeComCardRenderer;
import com.actionbridge.channel.wecom.WeComTexts;
import com.actionbridge.conversation.LongAnswers;
import com.actionbridge.conversation.TurnResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an AI bot shows of a long answer: pages within its limits, each whole, 更多 on the card. */
class AiBotRendererTest {

    private final WeComTexts texts = new WeComTexts(Locale.CHINA);
    private final AiBotRenderer renderer = new AiBotRenderer(new WeComCardRenderer(texts), texts);

    @ParameterizedTest
    @EnumSource(LongAnswers.Kind.class)
    void aLongAnswerComesInPagesThatEachFitAndTogetherHoldTheWholeText(LongAnswers.Kind kind) {
        LongAnswers.eachPage(kind, WeComCardRenderer.PAGE, (i, card, last) -> {
            AiBotRenderer.Rendered rendered = renderer.withCard("bot1", TurnResult.of(card));
            String markdown = renderer.markdownOnly(TurnResult.of(card));
            for (String md : List.of(rendered.markdown(), markdown)) {
                assertThat(md.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(AiBotRenderer.STREAM_MAX_BYTES);
                assertThat(md).as("page %d is not cut again", i + 1).contains(LongAnswers.content(card).strip());
            }
            if (!last) {
                assertThat(markdown).contains("回复「更多」");
            }
            if (rendered.card() != null) {
                Map<String, Object> template = AiBotRenderer.templateCard(rendered.card());
                List<?> buttons = (List<?>) template.get("button_list");
                assertThat(buttons).hasSizeLessThanOrEqualTo(6);
                assertThat(((Map<?, ?>) buttons.get(buttons.size() - 1)).get("key"))
                        .isEqualTo(card.more().orElseThrow().token());
            }
        });
    }
}
