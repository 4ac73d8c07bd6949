package com.actionbridge.conversation;

/**
 * The whole text of a card too long for one message, kept apart from the session (so sessions stay small) until
 * the card is superseded or expires, and how far the person has read it.
 *
 * @param owner     the session the card was shown in
 * @param title     the card's title, repeated on every page
 * @param text      the whole text (description, then fields), at most {@value #MAX_CHARS} characters
 * @param next      where the next page starts (a char index into {@code text}); {@code text.length()} once all
 *                  was shown
 * @param page      how many pages were shown so far (1 after the card itself)
 * @param pages     how many pages the text has on the card's channel
 * @param moreToken the token of the card's "更多" button (the same on every page)
 */
public record CardText(SessionKey owner, String title, String text, int next, int page, int pages,
                       String moreToken) {

    /** The most text kept for one card (a few hundred pages on any channel); a longer one is cut with a note. */
    public static final int MAX_CHARS = 300_000;

    public CardText {
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        next = Math.max(0, Math.min(next, text.length()));
    }

    public boolean finished() {
        return next >= text.length();
    }

    public CardText shown(int newNext) {
        return new CardText(owner, title, text, newNext, page + 1, pages, moreToken);
    }
}
