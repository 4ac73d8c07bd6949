package com.actionbridge.conversation;

import java.util.function.Supplier;

/**
 * Keeps one session's turns from overlapping. Within one instance the engine's per-session lanes already do; with
 * several instances sharing their state, a turn also holds this lock while it runs, so the upstream never sees two
 * events of one person at the same time whichever instances received them.
 */
public interface SessionLock {

    /** One instance: the engine's lanes are enough. */
    SessionLock NONE = new SessionLock() {
        @Override
        public <T> T call(SessionKey key, Supplier<T> work) {
            return work.get();
        }
    };

    /** Runs {@code work} holding the session's lock; throws when the lock cannot be had. */
    <T> T call(SessionKey key, Supplier<T> work);
}
