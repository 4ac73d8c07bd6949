package com.actionbridge.conversation;

import java.util.List;
import java.util.Optional;

/**
 * Where sessions live between events. Implementations expire idle sessions and bound their number; the engine
 * never relies on a session still being there. Values are immutable {@link Session}s: a store may serialise them.
 */
public interface SessionStore {

    Optional<Session> get(SessionKey key);

    void put(Session session);

    /** Removes a session; true when there was one. */
    boolean remove(SessionKey key);

    long size();

    /** A snapshot of the live sessions, in no particular order. */
    List<Session> list();
}
