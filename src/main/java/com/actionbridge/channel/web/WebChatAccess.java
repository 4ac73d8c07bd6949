package com.actionbridge.channel.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** Who may use the web chat API: the holder of the API key, or, when none is set, only this machine. */
final class WebChatAccess {

    /** A refusal: the HTTP status and the error text. */
    record Refusal(int status, String error) {
    }

    private final byte[] keyDigest;

    WebChatAccess(String apiKey) {
        this.keyDigest = apiKey == null || apiKey.isBlank() ? null : digest(apiKey);
    }

    Optional<Refusal> check(String presentedKey, String remoteAddress) {
        if (keyDigest != null) {
            // Comparing digests keeps the comparison constant-time whatever the presented length.
            boolean ok = presentedKey != null && MessageDigest.isEqual(keyDigest, digest(presentedKey));
            return ok ? Optional.empty() : Optional.of(new Refusal(401, "missing or wrong X-Api-Key header"));
        }
        return loopback(remoteAddress) ? Optional.empty() : Optional.of(new Refusal(403,
                "no web chat API key is configured, so only requests from this machine are accepted"));
    }

    private static boolean loopback(String address) {
        if (address == null || address.isBlank() || !address.matches("[0-9a-fA-F:.%\\[\\]]+")) {
            return false;
        }
        try {
            // An IP literal: no name lookup happens.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
