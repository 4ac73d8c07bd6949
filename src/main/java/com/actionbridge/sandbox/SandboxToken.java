package com.actionbridge.sandbox;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The sandbox's bearer token: random per start, so nothing outside this process can call the sandbox API. */
public record SandboxToken(String value) {

    public static SandboxToken random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new SandboxToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Whether an {@code Authorization} header value is {@code bearer <this token>} (the word in any case). */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SandboxToken[****]";
    }
}
