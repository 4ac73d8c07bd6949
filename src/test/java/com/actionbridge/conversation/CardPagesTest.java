package com.actionbridge.conversation;

import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.MoreButton;
import com.actionbridge.card.PageLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.actionbridge.conversation.ScriptedActionClient.result;
import static org.assertj.core.api.Assertions.assertThat;

/** "更多": a card too long for its channel shows its first page, and each 更多 the next, to the end. */
class CardPagesTest extends EngineTestBase {

    private static final PageLimit SMALL = PageLimit.utf8Bytes(1200);
    private final Origin bob = new Origin(SessionKey.oneToOne("bot1", "bob"), "test:bob", SMALL);

    @ParameterizedTest
    @EnumSource(LongAnswers.Kind.class)
    void everyPageFitsAndTheirTextsJoinToTheWholeInOrderWithNothingLostOrRepeated(LongAnswers.Kind kind) {
        for (PageLimit limit : List.of(PageLimit.utf8Bytes(1200), PageLimit.chars(3000), PageLimit.chars(15_000))) {
            LongAnswers.Paged paged = LongAnswers.paged(kind, limit);
            assertThat(paged.cards()).as("pages for %s", limit).hasSizeGreaterThan(2);
            assertThat(paged.joined()).as("pages for %s", limit).isEqualTo(paged.whole());
            int pages = paged.cards().size();
            for (int i = 0; i < pages; i++) {
                Card card = paged.cards().get(i);
                assertThat(limit.fits(LongAnswers.content(card))).as("page %d of %s", i + 1, limit).isTrue();
                assertThat(card.markdown()).contains("第 " + (i + 1) + "/" + pages + " 页");
                assertThat(card.more().isPresent()).as("更多 on all pages but the last").isEqualTo(i < pages - 1);
                assertThat(card.fields()).isEmpty();
            }
            assertThat(paged.cards().get(pages - 1).markdown()).endsWith("内容已全部显示。");
        }
    }

    @Test
    void theOptionsOfAHugeListAreAllThereOnceAndInOrderAndStillPickable() {
        LongAnswers.Paged paged = LongAnswers.paged(LongAnswers.Kind.MANY_OPTIONS, SMALL);
        Matcher numbered = Pattern.compile("(?m)^(\\d+)\\. \\*\\*动作(\\d+)\\*\\*").matcher(paged.joined());
        int expected = 1;
        while (numbered.find()) {
            assertThat(numbered.group(1)).isEqualTo(String.valueOf(expected)).isEqualTo(numbered.group(2));
            expected++;
        }
        assertThat(expected - 1).isEqualTo(LongAnswers.OPTIONS);
        Card first = paged.cards().get(0);
        assertThat(first.choices()).hasSize(LongAnswers.OPTIONS);
        assertThat(first.buttons().get(first.buttons().size() - 1)).isInstanceOf(MoreButton.class);
    }

    @Test
    void theMoreButtonPagesLikeTheWordAndNeverCallsTheUpstream() {
        upstream.then(LongAnswers.answer(LongAnswers.Kind.LONG_DESCRIPTION));
        Card first = only(harness.say(bob, "发消息"));
        MoreButton more = first.more().orElseThrow();
        TurnResult second = harness.click(bob, more.token());
        assertThat(second.chosenLabel()).as("the card is not marked as chosen").isEmpty();
        assertThat(second.expiredLabel()).isEmpty();
        Card page2 = only(second);
        assertThat(page2.status()).isEqualTo(CardStatus.PAGE);
        assertThat(page2.title()).contains("第 2 页");
        Card page3 = only(harness.say(bob, "更多"));
        assertThat(page3.title()).contains("第 3 页");
        Card page4 = only(harness.click(bob, page3.more().orElseThrow().token()));
        assertThat(page4.title()).contains("第 4 页");
        String read = LongAnswers.content(first) + LongAnswers.content(page2) + LongAnswers.content(page3)
                + LongAnswers.content(page4);
        assertThat(LongAnswers.DESCRIPTION).as("four pages read, in order").startsWith(read.substring(read.indexOf("第1行")));
        assertThat(upstream.calls()).hasSize(1);
    }

    @Test
    void aPagedCardStaysTheNewestSoItsOptionsCanStillBePicked() {
        upstream.then(LongAnswers.answer(LongAnswers.Kind.MANY_OPTIONS))
                .then(result("c1", "action_preview", "ACTION_PREVIEW", "", "{\"input\":{\"content\":\"你好\"}}"));
        Card first = only(harness.say(bob, "发消息"));
        only(harness.say(bob, "更多"));
        only(harness.say(bob, "更多"));
        Card preview = only(harness.click(bob, first.choices().get(41).token()));
        assertThat(preview.status()).isEqualTo("action_preview");
        assertThat(upstream.lastCall().request().data().actionName()).isEqualTo("动作42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"newer card", "重新开始"})
    void aStaleMoreButtonIsRefusedLikeAnyStaleButton(String how) {
        upstream.then(LongAnswers.answer(LongAnswers.Kind.LONG_DESCRIPTION));
        Card first = only(harness.say(bob, "发消息"));
        if (how.equals("newer card")) {
            upstream.then(result("c2", "action_not_found", "ACTION_PREPARE", "没有找到", null));
            only(harness.say(bob, "别的事"));
        } else {
            only(harness.say(bob, how));
        }
        TurnResult click = harness.click(bob, first.more().orElseThrow().token());
        assertThat(only(click).markdown()).contains("这张卡片已失效");
        assertThat(click.expiredLabel()).isPresent();
        assertThat(only(harness.say(bob, "更多")).markdown()).isEqualTo("最新的卡片没有更多内容了。");
    }

    @Test
    void someoneElsesMoreButtonShowsThemNothing() {
        upstream.then(LongAnswers.answer(LongAnswers.Kind.LONG_DESCRIPTION));
        Card first = only(harness.say(new Origin(new SessionKey("bot1", "g1", "bob"), "test:bob", SMALL), "发消息"));
        assertThat(first.markdown()).contains("@我 并回复「更多」");
        Card other = only(harness.click(new Origin(new SessionKey("bot1", "g1", "carol"), "test:carol", SMALL),
                first.more().orElseThrow().token()));
        assertThat(other.markdown()).contains("这张卡片是发给其他人的");
    }

    @Test
    void afterTheLastPageMoreSaysSoAndAShortCardHasNoPages() {
        upstream.then(result("c1", "action_not_found", "ACTION_PREPARE", "没有找到", null));
        Card shortCard = only(harness.say(bob, "发消息"));
        assertThat(shortCard.more()).isEmpty();
        assertThat(only(harness.say(bob, "更多")).markdown()).isEqualTo("最新的卡片没有更多内容了。");
        assertThat(only(harness.say(bob, "查看更多")).markdown()).isEqualTo("最新的卡片没有更多内容了。");
        upstream.then(LongAnswers.answer(LongAnswers.Kind.LONG_DESCRIPTION));
        Card first = only(harness.say(bob, "再发一次"));
        Card page = first;
        while (page.more().isPresent()) {
            page = only(harness.click(bob, page.more().get().token()));
        }
        assertThat(only(harness.say(bob, "更多")).markdown()).isEqualTo("最新卡片的内容已经全部显示完了。");
        assertThat(only(harness.click(bob, first.more().orElseThrow().token())).markdown())
                .isEqualTo("最新卡片的内容已经全部显示完了。");
    }

    @Test
    void inEnglishMoreIsAlsoTheWordAndTheHelpSaysSo() {
        ScriptedActionClient english = new ScriptedActionClient()
                .then(LongAnswers.answer(LongAnswers.Kind.LONG_DESCRIPTION));
        try (EngineHarness en = new EngineHarness(english, EngineHarness.properties(4, 100), List.of(), List.of(),
                Locale.ENGLISH)) {
            Card first = only(en.say(bob, "send"));
            assertThat(first.markdown()).contains("Reply \"more\" or click More");
            assertThat(first.more().orElseThrow().label()).isEqualTo("More");
            Card page2 = only(en.say(bob, "MORE"));
            assertThat(page2.title()).contains("(page 2)");
            assertThat(only(en.say(bob, "/help")).markdown()).contains("**more**");
        }
        assertThat(only(harness.say(bob, "帮助")).markdown()).contains("**更多**");
        upstream.then(result("c1", "action_not_found", "ACTION_PREPARE", "没有找到", null));
        only(harness.say(bob, "more"));
        assertThat(upstream.calls()).as("in Chinese, \"more\" is a request like any other").hasSize(1);
    }

    @Test
    void theTextWaitsOutsideTheSession() {
        upstream.then(LongAnswers.answer(LongAnswers.Kind.LONG_DESCRIPTION));
        only(harness.say(bob, "发消息"));
        Session session = harness.sessions.get(bob.session()).orElseThrow();
        assertThat(harness.cardTexts.find(session.cardId()).orElseThrow().text()).contains(LongAnswers.DESCRIPTION);
        assertThat(String.valueOf(session)).hasSizeLessThan(2000);
    }
}
