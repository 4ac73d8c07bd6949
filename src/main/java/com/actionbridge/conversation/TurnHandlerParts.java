package com.actionbridge.conversation;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.UpstreamProfiles;

import java.time.Clock;

/**
 * What the engine's turns work with: storage, the upstream, the texts, the session lock across instances, and the
 * whole texts of cards too long for one message ({@link CardTextStore#NONE}: such cards are left to the renderers'
 * cuts, without "更多").
 */
public record TurnHandlerParts(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client,
                               UpstreamProfiles profiles, BridgeCards cards, Clock clock, SessionLock lock,
                               CardTextStore cardTexts) {

    public TurnHandlerParts {
        lock = lock == null ? SessionLock.NONE : lock;
        cardTexts = cardTexts == null ? CardTextStore.NONE : cardTexts;
    }

    public TurnHandlerParts(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client,
                            UpstreamProfiles profiles, BridgeCards cards, Clock clock, SessionLock lock) {
        this(sessions, tokens, client, profiles, cards, clock, lock, CardTextStore.NONE);
    }

    /** Parts for one instance on its own (no lock across instances). */
    public TurnHandlerParts(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client,
                            UpstreamProfiles profiles, BridgeCards cards, Clock clock) {
        this(sessions, tokens, client, profiles, cards, clock, SessionLock.NONE);
    }
}
