package com.actionbridge.conversation;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.UpstreamProfiles;

import java.time.Clock;

/** What the engine's turns work with: storage, the upstream, the texts. */
public record TurnHandlerParts(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client,
                               UpstreamProfiles profiles, BridgeCards cards, Clock clock) {
}
