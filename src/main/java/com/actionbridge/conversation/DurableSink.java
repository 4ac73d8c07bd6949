package com.actionbridge.conversation;

import java.util.Optional;

/**
 * The sink of an event kept in a durable {@link Inbox}. The engine tells it how the turn goes, so that an instance
 * taking the event over after a stop knows what already happened: whether an upstream call may have been sent, and
 * the result when the turn had finished but its reply was not sent. Delivering the result (or a refusal) finishes
 * the event in the inbox.
 */
public interface DurableSink extends ReplySink {

    /** How far an earlier attempt at the same event got. */
    record Mark(boolean calling, boolean mayHaveRun, TurnResult result) {
    }

    /** True when this instance took the event over from one that stopped. */
    boolean takenOver();

    /** What an earlier attempt left; empty when it never reached the upstream. */
    Optional<Mark> mark();

    /**
     * The turn is about to start on this instance, under the session's lock. False when the event is not this
     * instance's to run any more (another instance took it over, or finished it, after this one was thought
     * stopped): then nothing runs and nothing is sent.
     */
    boolean started();

    /** Recorded before an upstream call; {@code mayRunAction} for a v1 answer, which may run a real action. */
    void calling(boolean mayRunAction);

    /** Recorded when the turn's result was saved, before its reply is sent. */
    void finished(TurnResult result);

    /** At shutdown, before the event started: it stays in the inbox for another instance, unanswered. */
    void handedBack();
}
