package com.actionbridge.conversation;

import com.actionbridge.action.ActionResult;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.PageLimit;

import java.util.ArrayList;
import java.util.List;

import static com.actionbridge.conversation.ScriptedActionClient.result;

/**
 * Answers too long for one message, run through a real engine for a channel's page size: what the person sees
 * from the first card and every "更多" after it, for the renderer tests of every channel.
 */
public final class LongAnswers {

    /** A 100 KB description: lines of Chinese, ASCII, markdown and characters outside the BMP. */
    public static final String DESCRIPTION = description(100 * 1024);

    /** How many options the long list has. */
    public static final int OPTIONS = 5000;

    private LongAnswers() {
    }

    /** The kinds of long answer. */
    public enum Kind {
        /** action_done with a 100 KB description, output fields and a log link. */
        LONG_DESCRIPTION,
        /** action_found with {@value #OPTIONS} actions. */
        MANY_OPTIONS
    }

    /** What the person sees: the first card, then the answer to each "更多" until the last page. */
    public record Paged(Card unpaged, List<Card> cards) {

        /** Every page's own text, in order, joined: the whole text when nothing is lost or repeated. */
        public String joined() {
            StringBuilder all = new StringBuilder();
            cards.forEach(c -> all.append(content(c)));
            return all.toString();
        }

        /** The card's whole text, as it would be without pages. */
        public String whole() {
            return CardPages.wholeText(unpaged);
        }
    }

    /** Checks one page as a channel shows it. */
    @FunctionalInterface
    public interface PageCheck {
        void check(int index, Card card, boolean last);
    }

    /**
     * Pages the answer for {@code limit}, checks that the pages' texts join to the whole, then hands every page to
     * {@code check} in order.
     */
    public static void eachPage(Kind kind, PageLimit limit, PageCheck check) {
        Paged paged = paged(kind, limit);
        if (!paged.joined().equals(paged.whole())) {
            throw new AssertionError("the pages do not join to the whole text");
        }
        for (int i = 0; i < paged.cards().size(); i++) {
            check.check(i, paged.cards().get(i), i == paged.cards().size() - 1);
        }
    }

    public static Paged paged(Kind kind, PageLimit limit) {
        return paged(kind, limit, SessionKey.oneToOne("bot1", "alice"));
    }

    /** Runs the answer through an engine for a person in {@code key} whose channel carries {@code limit}. */
    public static Paged paged(Kind kind, PageLimit limit, SessionKey key) {
        Card unpaged;
        try (EngineHarness plain = new EngineHarness(new ScriptedActionClient().then(answer(kind)))) {
            unpaged = only(plain.say(new Origin(key, "test:alice", PageLimit.chars(Integer.MAX_VALUE)), "请求"));
        }
        List<Card> cards = new ArrayList<>();
        try (EngineHarness harness = new EngineHarness(new ScriptedActionClient().then(answer(kind)))) {
            Origin origin = new Origin(key, "test:alice", limit);
            cards.add(only(harness.say(origin, "请求")));
            for (int i = 0; i < 10_000; i++) {
                Card next = only(harness.say(origin, "更多"));
                if (CardStatus.NOTICE.equals(next.status())) {
                    break;
                }
                cards.add(next);
            }
            if (harness.client.calls().size() != 1) {
                throw new AssertionError("更多 called the upstream: " + harness.client.calls());
            }
        }
        return new Paged(unpaged, cards);
    }

    /** A page's own text: the card's markdown without the page's note and the "…" before it. */
    public static String content(Card card) {
        String md = card.markdown();
        if (card.more().isEmpty() && !CardStatus.PAGE.equals(card.status())) {
            return CardPages.wholeText(card);
        }
        String text = md.substring(0, md.lastIndexOf("\n\n> "));
        return card.more().isPresent() ? text.substring(0, text.length() - "\n\n…".length()) : text;
    }

    /** The upstream answer of that kind. */
    public static ActionResult answer(Kind kind) {
        return switch (kind) {
            case LONG_DESCRIPTION -> result("c1", "action_done", "ACTION_DONE", DESCRIPTION,
                    "{\"log_url\":\"https://platform.example/log/42\","
                            + "\"output\":{\"结果\":\"成功\",\"消息编号\":\"m-1234567890\"}}");
            case MANY_OPTIONS -> {
                StringBuilder actions = new StringBuilder("[");
                for (int i = 1; i <= OPTIONS; i++) {
                    actions.append(i > 1 ? "," : "").append("{\"actionName\":\"动作").append(i)
                            .append("\",\"actionkey\":\"k").append(i).append("\",\"appName\":\"应用").append(i % 7)
                            .append("\",\"appkey\":\"a\",\"description\":\"第").append(i).append("个动作的说明\"}");
                }
                yield result("c1", "action_found", "ACTION_PREPARE", "找到多个动作", actions.append("]").toString());
            }
        };
    }

    private static String description(int bytes) {
        StringBuilder text = new StringBuilder();
        int line = 0;
        while (text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < bytes) {
            line++;
            text.append("第").append(line).append("行：**说明** text ").append(line).append(" 😀 ")
                    .append("这是一段很长的返回内容，用来检查分页。".repeat(1 + line % 5)).append('\n');
            if (line % 9 == 0) {
                text.append('\n');
            }
        }
        return text.toString().strip();
    }

    private static Card only(TurnResult result) {
        if (result.cards().size() != 1) {
            throw new AssertionError("one card expected: " + result.cards());
        }
        return result.cards().get(0);
    }
}
