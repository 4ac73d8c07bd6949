package com.actionbridge.conversation;

/**
 * What a choice token stands for on the server.
 *
 * @param owner      the session the card was shown in; only its person may use the token
 * @param cardId     the identity of the card it was shown on (never reused, also across resets and expiry);
 *                   once the session's newest card is another one, the token is stale
 * @param number     the option's number on the card, or {@link #MORE} for the card's "更多" button
 * @param used       true once the token was used (kept so that a second click gets a clear answer)
 */
public record ChoiceTicket(SessionKey owner, String cardId, int number, boolean used) {

    /** The number of a card's "更多" button: it shows the next page of the card's text and is never used up. */
    public static final int MORE = 0;

    public boolean more() {
        return number == MORE;
    }

    public ChoiceTicket markedUsed() {
        return new ChoiceTicket(owner, cardId, number, true);
    }
}
