package com.actionbridge.conversation;

import java.util.List;

/** Read and reset access to live sessions, for admins. */
public interface SessionDirectory {

    long count();

    /** Up to {@code limit} sessions, most recently active first; {@code botId} null for all bots. */
    List<SessionSummary> list(String botId, int limit);

    /** Ends a session as the reset command would; false when there was none. */
    boolean reset(SessionKey key);
}
