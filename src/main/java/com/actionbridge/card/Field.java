package com.actionbridge.card;

/** A label/value pair shown on a card. */
public record Field(String label, String value) {
}
