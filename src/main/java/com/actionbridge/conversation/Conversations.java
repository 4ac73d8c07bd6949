package com.actionbridge.conversation;

import java.util.concurrent.CompletableFuture;

/**
 * The entry point of the conversation engine, the only thing channels call.
 * <p>
 * {@link #handle} returns at once: the work runs on the engine's bounded executor, one event at a time per
 * session, in arrival order. When the executor is full the future completes at once with a "busy" card.
 * The future never completes exceptionally: every failure becomes a card.
 */
public interface Conversations {

    CompletableFuture<TurnResult> handle(ConversationEvent event);
}
