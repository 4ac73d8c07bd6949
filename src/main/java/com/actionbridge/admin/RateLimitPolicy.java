package com.actionbridge.admin;

import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.conversation.AdmissionPolicy;
import com.actionbridge.conversation.ConversationEvent;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * At most {@code perMinute} events per person in any sliding 60 seconds, across all bots (the person is their
 * upstream user id). A refused event does not count, so a person who waits gets through again.
 */
public class RateLimitPolicy implements AdmissionPolicy {

    private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

    private final int perMinute;
    private final Clock clock;
    private final AdminTexts texts;
    private final AdmissionRecorder recorder;
    private final Cache<String, Window> windows;

    public RateLimitPolicy(int perMinute, Clock clock, AdminTexts texts, AdmissionRecorder recorder) {
        this.perMinute = perMinute;
        this.clock = clock;
        this.texts = texts;
        this.recorder = recorder;
        this.windows = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).maximumSize(500_000).build();
    }

    @Override
    public Optional<Card> refuse(ConversationEvent event) {
        if (perMinute <= 0) {
            return Optional.empty();
        }
        String person = event.origin().upstreamUserId();
        Window window = windows.get(person, k -> new Window(perMinute));
        if (window.tryAcquire(clock.millis())) {
            return Optional.empty();
        }
        recorder.refused(event.origin().session().botId(), "rate_limit");
        return Optional.of(Card.text(CardStatus.NOTICE, texts.get("admin.rate-limited.title"),
                texts.get("admin.rate-limited.text", perMinute)));
    }

    /** The times of the last {@code limit} admitted events, oldest first, in a ring. */
    private static final class Window {
        private final long[] times;
        private int next;
        private int size;

        Window(int limit) {
            this.times = new long[limit];
        }

        synchronized boolean tryAcquire(long now) {
            if (size < times.length) {
                times[(next + size) % times.length] = now;
                size++;
                return true;
            }
            if (now - times[next] >= WINDOW_MILLIS) {
                times[next] = now;
                next = (next + 1) % times.length;
                return true;
            }
            return false;
        }
    }
}
