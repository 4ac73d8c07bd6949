package com.actionbridge.card;

/**
 * A button that answers the dialogue.
 *
 * @param label    what the button says
 * @param token    the opaque choice token the click must send back; it means nothing outside the server
 * @param number   the option's number on its card (1-based), which a person may also type instead of clicking
 * @param emphasis how prominent the button should look
 */
public record ChoiceButton(String label, String token, int number, Emphasis emphasis) implements Button {

    public ChoiceButton {
        emphasis = emphasis == null ? Emphasis.NORMAL : emphasis;
    }

    public ChoiceButton(String label, String token, int number) {
        this(label, token, number, Emphasis.NORMAL);
    }
}
