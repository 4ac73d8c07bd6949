package com.actionbridge.card;

/**
 * How strongly a renderer should present a button: the one action the card is about (confirm), an ordinary
 * choice, or a way out that should not draw the eye (cancel). Each platform maps it to what it can show.
 */
public enum Emphasis {
    PRIMARY,
    NORMAL,
    SECONDARY
}
