package com.actionbridge.channel.wecom;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Opens WeCom's callback ciphertext (AES-256-CBC, key = Base64(EncodingAESKey + "="), IV = the key's first 16
 * bytes; plaintext = 16 random bytes, a 4-byte big-endian length, the message, the receiver id, PKCS#7 padding to
 * 32 bytes). Unlike WxJava's decrypt it checks the length field against the bytes actually there before
 * allocating anything for the message, and returns the receiver id so the caller can match it to the bot.
 * The signature is checked before this is called.
 */
final class WeComCipher {

    private static final int RANDOM = 16;
    private static final int LENGTH = 4;
    private static final int BLOCK = 32;
    /** Reused instances: looking the transformation up through the providers cost as much as decrypting. */
    private static final BlockingQueue<Cipher> CIPHERS = new ArrayBlockingQueue<>(64);

    /** The ciphertext is not one this bot's key produced, or its content is inconsistent. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The decrypted message and the id it was encrypted for (the corp id). */
    record Opened(String message, String receiveId) {

        /** Compared in constant time: the corp id is not secret, but nothing is gained by leaking it. */
        boolean isFor(String corpId) {
            return corpId != null && MessageDigest.isEqual(receiveId.getBytes(StandardCharsets.UTF_8),
                    corpId.getBytes(StandardCharsets.UTF_8));
        }
    }

    private WeComCipher() {
    }

    static Opened open(String aesKey, String encrypted) throws Unreadable {
        byte[] cipherText;
        try {
            cipherText = Base64.getMimeDecoder().decode(encrypted.strip());
        } catch (IllegalArgumentException e) {
            throw new Unreadable("ciphertext is not Base64");
        }
        if (cipherText.length == 0 || cipherText.length % BLOCK != 0) {
            throw new Unreadable("ciphertext length is not a multiple of " + BLOCK);
        }
        byte[] plain;
        Cipher cipher = null;
        try {
            byte[] key = Base64.getDecoder().decode(aesKey + "=");
            cipher = CIPHERS.poll();
            if (cipher == null) {
                cipher = Cipher.getInstance("AES/CBC/NoPadding");
            }
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(key, 0, 16)));
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Unreadable("ciphertext does not decrypt");
        } finally {
            if (cipher != null) {
                CIPHERS.offer(cipher); // initialised again, with its bot's key, by the next user
            }
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK) {
            throw new Unreadable("bad padding");
        }
        int end = plain.length - pad;
        if (end < RANDOM + LENGTH) {
            throw new Unreadable("too short");
        }
        long length = ByteBuffer.wrap(plain, RANDOM, LENGTH).getInt() & 0xffffffffL;
        // The message and the receiver id must fit in what was decrypted: a forged length never sizes an array.
        if (length > end - RANDOM - LENGTH) {
            throw new Unreadable("length field " + length + " does not fit the " + plain.length + " decrypted bytes");
        }
        int start = RANDOM + LENGTH;
        String message = new String(plain, start, (int) length, StandardCharsets.UTF_8);
        String receiveId = new String(plain, start + (int) length, end - start - (int) length, StandardCharsets.UTF_8);
        return new Opened(message, receiveId);
    }
}
