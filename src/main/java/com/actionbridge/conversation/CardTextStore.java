package com.actionbridge.conversation;

import java.util.Optional;

/**
 * Where the whole texts of cut cards live, by card identity, for "更多". Entries expire like sessions do and the
 * store is bounded in size; a card whose text is gone answers "nothing more" — the engine never relies on an
 * entry still being there.
 */
public interface CardTextStore {

    /** Keeps nothing: every card's text ends with its first page. For engines built without one. */
    CardTextStore NONE = new CardTextStore() {
        @Override
        public void put(String cardId, CardText text) {
        }

        @Override
        public Optional<CardText> find(String cardId) {
            return Optional.empty();
        }

        @Override
        public void paged(String cardId, CardText text) {
        }
    };

    /** Stores a card's text when the card is shown. */
    void put(String cardId, CardText text);

    /**
     * Records how far the person has read ({@code next}, {@code page}) of a text stored by {@link #put}; the text
     * itself is the one stored. Nothing happens when the entry is gone.
     */
    void paged(String cardId, CardText text);

    Optional<CardText> find(String cardId);
}
