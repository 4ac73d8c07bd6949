package com.actionbridge.conversation;

import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;

/** The cards the bridge says on its own (help, welcome, busy, notices), for the engine and the channels. */
public final class BridgeCards {

    private final Texts texts;

    public BridgeCards(Texts texts) {
        this.texts = texts;
    }

    public Card help() {
        return Card.text(CardStatus.HELP, texts.get("help.title"), texts.get("help.text"));
    }

    public Card welcome() {
        return Card.text(CardStatus.WELCOME, texts.get("welcome.title"), texts.get("welcome.text"));
    }

    public Card busy() {
        return Card.text(CardStatus.BUSY, texts.get("busy.title"), texts.get("busy.text"));
    }

    /** The person already has as many events waiting as one session may have; this one was not handled. */
    public Card slowDown() {
        return Card.text(CardStatus.BUSY, texts.get("busy.slow_down.title"), texts.get("busy.slow_down.text"));
    }

    /** The engine stopped before this event started; it was not handled and should be sent again. */
    public Card notProcessed() {
        return Card.text(CardStatus.BUSY, texts.get("busy.stopping.title"), texts.get("busy.stopping.text"));
    }

    /** No reply in the time a channel can wait; the turn may still be running. */
    public Card stillRunning() {
        return Card.text(CardStatus.BUSY, texts.get("busy.still_running.title"),
                texts.get("busy.still_running.text"));
    }

    /** A short notice; {@code key} is a message key such as {@code notice.stale}. */
    public Card notice(String key) {
        return Card.text(CardStatus.NOTICE, texts.get("notice.title"), texts.get(key));
    }

    public Texts texts() {
        return texts;
    }
}
