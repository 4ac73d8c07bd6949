package com.actionbridge.conversation;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.UpstreamProfiles;

import java.time.Clock;

/** What the engine's turns work with: storage, the upstream, the texts, and the session lock across instances. */
public record TurnHandlerParts(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client,
                               UpstreamProfiles profiles, BridgeCards cards, Clock clock, SessionLock lock) {

    public TurnHandlerParts {
        lock = lock == null ? SessionLock.NONE : lock;
    }

    /** Parts for one instance on its own (no lock across instances). */
    public TurnHandlerParts(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client,
                            UpstreamProfiles profiles, BridgeCards cards, Clock clock) {
        this(sessions, tokens, client, profiles, cards, clock, SessionLock.NONE);
    }
}
