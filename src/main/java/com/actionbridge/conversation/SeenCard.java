package com.actionbridge.conversation;

/**
 * What a person's newest card was when their text arrived: a typed answer (an option number, a button's
 * label) answers that card, never one shown while the text waited its turn.
 *
 * @param cardId      the newest card's identity, or null when the session had none
 * @param choiceToken the token of the option the text answers on that card, or null when it answers none
 */
public record SeenCard(String cardId, String choiceToken) {

    /** No session, or nothing on its newest card that the text answers. */
    public static final SeenCard NONE = new SeenCard(null, null);
}
