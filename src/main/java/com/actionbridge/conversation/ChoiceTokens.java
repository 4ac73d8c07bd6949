package com.actionbridge.conversation;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes choice tokens: 16 URL-safe characters (96 random bits), the shape {@link ChoiceCommand} recognises. */
final class ChoiceTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ChoiceTokens() {
    }

    static String next() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
