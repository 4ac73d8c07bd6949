package com.actionbridge.store.memory;

import com.actionbridge.conversation.ChoiceTicket;
import com.actionbridge.conversation.ChoiceTokenStore;
import com.actionbridge.conversation.Session;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.SessionStore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;

/** {@link ChoiceTokenStore} in this JVM's memory, expiring with the session TTL and bounded in size. */
public final class CaffeineChoiceTokenStore implements ChoiceTokenStore {

    private final Cache<String, ChoiceTicket> tickets;

    public CaffeineChoiceTokenStore(Duration ttl, long maxSize) {
        this(ttl, maxSize, Ticker.systemTicker());
    }

    public CaffeineChoiceTokenStore(Duration ttl, long maxSize, Ticker ticker) {
        this.tickets = Caffeine.newBuilder().expireAfterAccess(ttl).maximumSize(maxSize).ticker(ticker)
                .executor(Runnable::run).build();
    }

    @Override
    public void put(String token, ChoiceTicket ticket) {
        tickets.put(token, ticket);
    }

    @Override
    public Optional<ChoiceTicket> find(String token) {
        return Optional.ofNullable(tickets.getIfPresent(token));
    }

    @Override
    public boolean markUsed(String token, ChoiceTicket expected) {
        return !expected.used() && tickets.asMap().replace(token, expected, expected.markedUsed());
    }
}
