package com.actionbridge.conversation;

/** Where a channel wants the result of one event: render and send it. Exceptions are logged by the engine. */
@FunctionalInterface
public interface ReplySink {

    void deliver(TurnResult result);
}
