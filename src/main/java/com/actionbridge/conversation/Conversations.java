package com.actionbridge.conversation;

/**
 * The entry point of the conversation engine, the only thing channels call.
 * <p>
 * {@link #handle} returns at once: the work runs on the engine's virtual threads under a bound on turns in
 * flight, one event at a time per session, in arrival order, and different sessions in parallel. The sink is
 * called once, on an engine send thread (never the caller's), with the turn's result, before the same session's
 * next event is handled, so a channel that sends its replies from the sink sends them in order. When too much
 * work waits the sink gets a "busy" card, when the person has too many events waiting a "slow down" card, and at
 * shutdown an event not started gets a "not processed, send it again" card. Every failure becomes a card.
 */
public interface Conversations {

    void handle(ConversationEvent event, ReplySink sink);
}
