package com.actionbridge.store;

import org.springframework.core.env.Environment;

import java.util.Locale;

/** {@code actionbridge.store}: where shared state lives. */
public enum StoreType {
    /** This JVM's memory (Caffeine): one instance, nothing to install. The default. */
    MEMORY,
    /** Redis, shared by any number of instances. */
    REDIS;

    public static final String PROPERTY = "actionbridge.store";

    /** The configured store; an unknown value stops start-up naming the setting. */
    public static StoreType of(Environment environment) {
        String value = environment == null ? null : environment.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return MEMORY;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PROPERTY + " must be memory or redis, not '" + value + "'");
        }
    }
}
