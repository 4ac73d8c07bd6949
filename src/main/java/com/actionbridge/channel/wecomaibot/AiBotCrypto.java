package com.actionbridge.channel.wecomaibot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AI bot's JSON callback crypto (WeCom's "加解密方案"): AES-256-CBC with the key from the EncodingAESKey,
 * IV = the key's first 16 bytes, PKCS#7 padding to 32-byte blocks; the plaintext is random(16) ‖ length(4, big
 * endian) ‖ message ‖ receiveid, and the receiveid of an in-house AI bot is the empty string. The signature is
 * the lower-case hex SHA-1 of the sorted, concatenated token, timestamp, nonce and ciphertext.
 * <p>
 * Not WxJava's {@code WxCryptUtil}: that one copies as many bytes as the length field claims before looking at
 * it, so a forged length would allocate up to 2 GB. Here the length is checked against what was decrypted first.
 * Checked against WeCom's own {@code @wecom/crypto} package in the tests.
 */
public final class AiBotCrypto {

    /** The receiveid of an in-house AI bot's callbacks and replies. */
    static final String RECEIVE_ID = "";

    private static final int BLOCK = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The ciphertext could not be decrypted into a message for us. */
    public static final class CryptoException extends Exception {
        CryptoException(String message) {
            super(message);
        }
    }

    private final String token;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;

    /**
     * @param token          the callback Token
     * @param encodingAesKey the 43-character EncodingAESKey
     */
    public AiBotCrypto(String token, String encodingAesKey) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("aes-key is not a valid EncodingAESKey");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("aes-key is not a valid EncodingAESKey");
        }
        this.token = token;
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
    }

    /** The signature WeCom sends as {@code msg_signature} and expects in {@code msgsignature}. */
    public String sign(String timestamp, String nonce, String encrypted) {
        String[] parts = {token, timestamp, nonce, encrypted};
        Arrays.sort(parts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** True when {@code signature} is the signature of these values (compared in constant time). */
    public boolean verify(String signature, String timestamp, String nonce, String encrypted) {
        if (signature == null || timestamp == null || nonce == null || encrypted == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(timestamp, nonce, encrypted).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Encrypts a message (UTF-8) with a fresh random prefix and the empty receiveid. */
    public String encrypt(String message) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return encrypt(message, random);
    }

    String encrypt(String message, byte[] random) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] receiver = RECEIVE_ID.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + text.length + receiver.length;
        int pad = BLOCK - length % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random, 0, 16).putInt(text.length).put(text).put(receiver);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** Decrypts a message; refuses bad base64, bad padding, a length field that does not fit and another receiveid. */
    public String decrypt(String encrypted) throws CryptoException {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypted);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("not base64");
        }
        if (cipherText.length == 0 || cipherText.length % BLOCK != 0) {
            throw new CryptoException("not a whole number of blocks");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("does not decrypt");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new CryptoException("bad padding");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new CryptoException("bad padding");
            }
        }
        int end = plain.length - pad;
        if (end < 20) {
            throw new CryptoException("too short");
        }
        long length = ByteBuffer.wrap(plain, 16, 4).getInt() & 0xffffffffL;
        if (length > end - 20) {
            throw new CryptoException("length field " + length + " exceeds the " + (end - 20) + " bytes decrypted");
        }
        int textEnd = 20 + (int) length;
        String receiver = new String(plain, textEnd, end - textEnd, StandardCharsets.UTF_8);
        if (!RECEIVE_ID.equals(receiver)) {
            throw new CryptoException("wrong receiveid");
        }
        return new String(plain, 20, (int) length, StandardCharsets.UTF_8);
    }
}
