package com.actionbridge.conversation;

/** Told about every handled event, after its cards are ready. Must not block; must not throw. */
@FunctionalInterface
public interface TurnListener {

    void onTurn(TurnRecord record);
}
