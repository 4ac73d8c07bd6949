package com.actionbridge.conversation;

/**
 * One live option of the newest card in a session.
 *
 * @param number the option's number on the card (1-based); typing it picks the option
 * @param label  the button's label
 * @param token  the choice token the button carries
 * @param choice what picking it does
 */
public record Option(int number, String label, String token, Choice choice) {
}
