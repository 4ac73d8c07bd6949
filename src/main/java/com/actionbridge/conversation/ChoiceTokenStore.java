package com.actionbridge.conversation;

import java.util.Optional;

/**
 * The server-side meaning of choice tokens. Entries expire like sessions do; a token whose session is gone
 * is treated as stale by the engine anyway.
 */
public interface ChoiceTokenStore {

    void put(String token, ChoiceTicket ticket);

    Optional<ChoiceTicket> find(String token);

    /** Atomically marks an unused ticket used; false when it was used (or replaced) meanwhile. */
    boolean markUsed(String token, ChoiceTicket expected);
}
