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
import java.util.List;
import java.util.Optional;

/** {@link SessionStore} in this JVM's memory: expire after access, bounded size. */
public final class CaffeineSessionStore implements SessionStore {

    private final Cache<SessionKey, Session> sessions;

    public CaffeineSessionStore(Duration ttl, long maxSize) {
        this(ttl, maxSize, Ticker.systemTicker());
    }

    public CaffeineSessionStore(Duration ttl, long maxSize, Ticker ticker) {
        this.sessions = Caffeine.newBuilder().expireAfterAccess(ttl).maximumSize(maxSize).ticker(ticker)
                .executor(Runnable::run).build();
    }

    @Override
    public Optional<Session> get(SessionKey key) {
        return Optional.ofNullable(sessions.getIfPresent(key));
    }

    @Override
    public void put(Session session) {
        sessions.put(session.key(), session);
    }

    @Override
    public boolean remove(SessionKey key) {
        return sessions.asMap().remove(key) != null;
    }

    @Override
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    @Override
    public List<Session> list() {
        return List.copyOf(sessions.asMap().values());
    }
}
