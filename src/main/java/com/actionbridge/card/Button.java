package com.actionbridge.card;

/** A button on a card: picks an option of the dialogue, opens a link, or shows the next page of a long card. */
public sealed interface Button permits ChoiceButton, LinkButton, MoreButton {
    String label();
}
