package com.actionbridge.conversation;

/**
 * What a choice token stands for on the server.
 *
 * @param owner      the session the card was shown in; only its person may use the token
 * @param cardNumber the card's number in that session; a newer card makes the token stale
 * @param number     the option's number on the card
 * @param used       true once the token was used (kept so that a second click gets a clear answer)
 */
public record ChoiceTicket(SessionKey owner, long cardNumber, int number, boolean used) {

    public ChoiceTicket markedUsed() {
        return new ChoiceTicket(owner, cardNumber, number, true);
    }
}
