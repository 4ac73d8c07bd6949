package com.actionbridge.card;

/** Statuses of cards the bridge itself produces (the upstream's own statuses are passed through as they are). */
public final class CardStatus {
    /** The upstream call failed (network, token, quota, …). */
    public static final String UPSTREAM_ERROR = "upstream_error";
    /** Too much work queued; the person should try again shortly. */
    public static final String BUSY = "busy";
    /** A short notice: a refused click, a stale card, a reset, a rate limit. */
    public static final String NOTICE = "notice";
    /** The answer to the help command. */
    public static final String HELP = "help";
    /** A further page of a card too long for one message ("更多"). */
    public static final String PAGE = "page";
    /** A greeting, e.g. when a person opens the app. */
    public static final String WELCOME = "welcome";

    private CardStatus() {
    }
}
