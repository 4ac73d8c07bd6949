package com.actionbridge.store.memory;

import com.actionbridge.channel.dingtalk.SentCard;
import com.actionbridge.channel.dingtalk.SentCards;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.Optional;

/** {@link SentCards} in this JVM's memory, bounded and expiring after the retention. */
public final class MemorySentCards implements SentCards {

    private final Cache<String, SentCard> cards;
    private final Cache<String, String> latest;

    public MemorySentCards(Duration retention) {
        this.cards = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(100_000).build();
        this.latest = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(100_000).build();
    }

    @Override
    public void put(SentCard card) {
        cards.put(card.outTrackId(), card);
    }

    @Override
    public Optional<SentCard> find(String outTrackId) {
        return Optional.ofNullable(cards.getIfPresent(outTrackId));
    }

    @Override
    public void forget(String outTrackId) {
        cards.invalidate(outTrackId);
    }

    @Override
    public void putLatest(String person, String outTrackId) {
        latest.put(person, outTrackId);
    }

    @Override
    public Optional<String> latest(String person) {
        return Optional.ofNullable(latest.getIfPresent(person));
    }
}
