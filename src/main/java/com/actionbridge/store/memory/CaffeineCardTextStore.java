package com.actionbridge.store.memory;

import com.actionbridge.conversation.CardText;
import com.actionbridge.conversation.CardTextStore;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;

/**
 * {@link CardTextStore} in this JVM's memory: expiring with the session TTL, and bounded by the characters it
 * holds in all (the least recently read texts go first beyond it).
 */
public final class CaffeineCardTextStore implements CardTextStore {

    private final Cache<String, CardText> texts;

    public CaffeineCardTextStore(Duration ttl, long maxChars) {
        this(ttl, maxChars, Ticker.systemTicker());
    }

    public CaffeineCardTextStore(Duration ttl, long maxChars, Ticker ticker) {
        this.texts = Caffeine.newBuilder().expireAfterAccess(ttl).ticker(ticker).executor(Runnable::run)
                .maximumWeight(maxChars).<String, CardText>weigher((id, text) -> text.text().length() + 64)
                .build();
    }

    @Override
    public void put(String cardId, CardText text) {
        texts.put(cardId, text);
    }

    @Override
    public Optional<CardText> find(String cardId) {
        return Optional.ofNullable(texts.getIfPresent(cardId));
    }

    @Override
    public void paged(String cardId, CardText text) {
        texts.asMap().computeIfPresent(cardId, (id, stored) -> new CardText(stored.owner(), stored.title(),
                stored.text(), text.next(), text.page(), stored.pages(), stored.moreToken()));
    }
}
