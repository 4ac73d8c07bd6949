package com.actionbridge.card;

/** A button on a card: either picks an option of the dialogue or opens a link. */
public sealed interface Button permits ChoiceButton, LinkButton {
    String label();
}
