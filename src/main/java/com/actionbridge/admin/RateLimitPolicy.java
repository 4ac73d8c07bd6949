package com.actionbridge.admin;

import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.conversation.AdmissionPolicy;
import com.actionbridge.conversation.ConversationEvent;

import java.util.Optional;

/**
 * At most {@code perMinute} events per person in any sliding 60 seconds, across all bots (the person is their
 * upstream user id). A refused event does not count, so a person who waits gets through again. The counts live in
 * {@link RateWindows}: this instance's memory, or Redis shared by all instances.
 */
public class RateLimitPolicy implements AdmissionPolicy {

    private final int perMinute;
    private final AdminTexts texts;
    private final AdmissionRecorder recorder;
    private final RateWindows windows;

    public RateLimitPolicy(int perMinute, RateWindows windows, AdminTexts texts, AdmissionRecorder recorder) {
        this.perMinute = perMinute;
        this.windows = windows;
        this.texts = texts;
        this.recorder = recorder;
    }

    @Override
    public Optional<Card> refuse(ConversationEvent event) {
        if (perMinute <= 0) {
            return Optional.empty();
        }
        if (windows.tryAcquire(event.origin().upstreamUserId(), perMinute)) {
            return Optional.empty();
        }
        recorder.refused(event.origin().session().botId(), "rate_limit");
        return Optional.of(Card.text(CardStatus.NOTICE, texts.get("admin.rate-limited.title"),
                texts.get("admin.rate-limited.text", perMinute)));
    }
}
