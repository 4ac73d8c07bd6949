package com.actionbridge.conversation;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.Field;
import com.actionbridge.card.MoreButton;
import com.actionbridge.card.PageLimit;
import com.actionbridge.card.TextBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Pages of a card too long for one message of its channel ({@link Origin#page()}): the card shows the first page
 * of its text (description, then fields) ending in "…" with a "更多" button and a note saying so; "更多" (typed,
 * or the button) answers the next page, until the last. The whole text waits in a {@link CardTextStore} under
 * the card's identity, never in the session. Pages follow each other exactly: nothing left out, nothing twice.
 */
final class CardPages {

    private static final String GAP = "\n\n";

    private final CardTextStore store;
    private final BridgeCards cards;
    private final Texts texts;

    CardPages(CardTextStore store, BridgeCards cards) {
        this.store = store;
        this.cards = cards;
        this.texts = cards.texts();
    }

    /**
     * The card as shown: whole when its text fits a page (or nothing can keep the rest), else its first page with
     * a "更多" button whose token {@code moreToken} makes.
     */
    Card first(Origin origin, String cardId, Card card, Supplier<String> moreToken) {
        PageLimit limit = origin.page();
        String whole = wholeText(card);
        if (store == CardTextStore.NONE || limit.fits(whole)) {
            return card;
        }
        if (whole.length() > CardText.MAX_CHARS) {
            whole = TextBudget.cut(whole, CardText.MAX_CHARS, TextBudget.CHARS) + GAP
                    + texts.get("more.too_long");
        }
        int end = limit.pageEnd(whole, 0);
        int pages = count(whole, limit);
        String token = moreToken.get();
        store.put(cardId, new CardText(origin.session(), card.title(), whole, end, 1, pages, token));
        List<Button> buttons = new ArrayList<>(card.buttons());
        buttons.add(new MoreButton(texts.get("more.button"), token));
        return new Card(card.status(), card.title(), page(whole.substring(0, end), true, 1, pages,
                group(origin)),
                List.of(), buttons);
    }

    /** The next page of the card {@code cardId} (the session's newest), or a notice when there is none. */
    Card next(Origin origin, String cardId) {
        Optional<CardText> found = cardId == null ? Optional.empty()
                : store.find(cardId).filter(t -> t.owner().equals(origin.session()));
        if (found.isEmpty()) {
            return cards.notice("notice.more.none");
        }
        CardText text = found.get();
        if (text.finished()) {
            return cards.notice("notice.more.end");
        }
        int end = origin.page().pageEnd(text.text(), text.next());
        CardText shown = text.shown(end);
        store.paged(cardId, shown);
        boolean more = !shown.finished();
        List<Button> buttons = more ? List.of(new MoreButton(texts.get("more.button"), text.moreToken())) : List.of();
        return new Card(CardStatus.PAGE, texts.get("more.title", text.title(), shown.page()),
                page(text.text().substring(text.next(), end), more, shown.page(),
                        Math.max(shown.page(), text.pages()), group(origin)), List.of(),
                buttons);
    }

    /** What a card says, as one text: its description, then its fields, one per line. */
    static String wholeText(Card card) {
        StringBuilder text = new StringBuilder(card.markdown());
        for (Field field : card.fields()) {
            text.append(text.isEmpty() ? "" : "\n").append("**").append(field.label()).append("**：")
                    .append(field.value());
        }
        return text.toString();
    }

    /** A page: its text, "…" when more follows, and a note saying which page it is and how to see the next. */
    private String page(String content, boolean more, int page, int pages, boolean group) {
        return content + (more ? GAP + TextBudget.ELLIPSIS : "") + GAP + "> "
                + (more ? texts.get(group ? "more.hint.group" : "more.hint", page, pages)
                : texts.get("more.last", page, pages));
    }

    /** In a group chat the bot hears only messages that @ it. */
    private static boolean group(Origin origin) {
        return !origin.session().conversationId().equals(origin.session().personId());
    }

    private static int count(String text, PageLimit limit) {
        int pages = 0;
        for (int at = 0; at < text.length(); at = limit.pageEnd(text, at)) {
            pages++;
        }
        return pages;
    }
}
