package com.actionbridge.conversation;

import java.util.Map;
import java.util.Optional;

/**
 * Turns a stored {@link ReplyAddress} of one channel back into a sink, on whichever instance handles the event (one
 * that took the event over from an instance that stopped). Each channel that hands events to the {@link Inbox}
 * registers one as a bean.
 */
public interface ReplyResolver {

    /** The {@link ReplyAddress#channel()} this resolver understands. */
    String channel();

    /** The sink for the address's fields; empty when it cannot be resolved any more (e.g. the bot was removed). */
    Optional<ReplySink> resolve(Map<String, String> fields);
}
