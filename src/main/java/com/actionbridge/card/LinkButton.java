package com.actionbridge.card;

/** A button that opens a URL (authorise an account, see a run's log). */
public record LinkButton(String label, String url) implements Button {
}
