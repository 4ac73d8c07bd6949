package com.actionbridge.conversation;

import com.actionbridge.card.Card;

import java.util.List;
import java.util.Optional;

/**
 * What one event produced.
 *
 * @param cards        the replies to show, in order
 * @param chosenLabel  when the event picked an option (click or typed number): that option's label, so the
 *                     channel can mark the clicked card ("已选择：…") and disable it; empty otherwise, including
 *                     for refused clicks (stale card, someone else's card, used token)
 * @param expiredLabel when the event clicked a card that is no longer valid (a newer card, a reset, an expired
 *                     session): the words to put on that card in place of its buttons, so the channel can grey
 *                     it out where the platform allows; empty otherwise
 */
public record TurnResult(List<Card> cards, Optional<String> chosenLabel, Optional<String> expiredLabel) {

    public TurnResult {
        cards = List.copyOf(cards);
        chosenLabel = chosenLabel == null ? Optional.empty() : chosenLabel;
        expiredLabel = expiredLabel == null ? Optional.empty() : expiredLabel;
    }

    public TurnResult(List<Card> cards, Optional<String> chosenLabel) {
        this(cards, chosenLabel, Optional.empty());
    }

    /** The same result with other cards (e.g. marked), keeping what it says about the clicked card. */
    public TurnResult withCards(List<Card> newCards) {
        return new TurnResult(newCards, chosenLabel, expiredLabel);
    }

    public static TurnResult of(Card... cards) {
        return new TurnResult(List.of(cards), Optional.empty());
    }
}
