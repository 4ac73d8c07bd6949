package com.actionbridge.conversation;

import org.springframework.context.MessageSource;

import java.util.Locale;

/** The user-facing texts of the message bundle, in the configured locale ({@code actionbridge.locale}). */
public final class Texts {

    private final MessageSource source;
    private final Locale locale;

    public Texts(MessageSource source, Locale locale) {
        this.source = source;
        this.locale = locale;
    }

    public String get(String key, Object... args) {
        return source.getMessage(key, args, key, locale);
    }

    /** True when the bundle has the key (for texts that exist for some statuses only). */
    public boolean has(String key) {
        return source.getMessage(key, null, null, locale) != null;
    }

    public Locale locale() {
        return locale;
    }
}
