package com.actionbridge.conversation;

import com.actionbridge.card.Card;

import java.util.Optional;

/**
 * A check run before an event is queued (allow-lists, rate limits). Returning a card refuses the event:
 * that card is the whole reply and nothing reaches the upstream. Every bean of this type is consulted.
 */
@FunctionalInterface
public interface AdmissionPolicy {

    Optional<Card> refuse(ConversationEvent event);
}
