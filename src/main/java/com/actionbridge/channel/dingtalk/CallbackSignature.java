package com.actionbridge.channel.dingtalk;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** DingTalk's HTTP callback signature: {@code Base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret))}. */
final class CallbackSignature {

    private CallbackSignature() {
    }

    static String sign(String timestamp, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "\n" + appSecret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean valid(String timestamp, String sign, String appSecret, Instant now, Duration window) {
        if (timestamp == null || sign == null || appSecret == null) {
            return false;
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.toEpochMilli() - millis) > window.toMillis()) {
            return false;
        }
        byte[] expected = sign(timestamp.trim(), appSecret).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, sign.trim().getBytes(StandardCharsets.UTF_8));
    }
}
