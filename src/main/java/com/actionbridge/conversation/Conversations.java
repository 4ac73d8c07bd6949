package com.actionbridge.conversation;

/**
 * The entry point of the conversation engine, the only thing channels call.
 * <p>
 * {@link #handle} returns at once: the work runs on the engine's bounded executor, one event at a time per
 * session, in arrival order, and different sessions in parallel. The sink is called exactly once, on an engine
 * thread (never the caller's), with the turn's result, before the same session's next event is handled, so a
 * channel that sends its replies from the sink sends them in order. When the executor is full the sink gets a
 * "busy, try again" card. Every failure becomes a card: the sink is never skipped.
 */
public interface Conversations {

    void handle(ConversationEvent event, ReplySink sink);
}
