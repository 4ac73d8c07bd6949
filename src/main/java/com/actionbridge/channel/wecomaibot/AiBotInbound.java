package com.actionbridge.channel.wecomaibot;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.channel.CallbackOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Checks one AI bot callback and seals the answers: envelope, signature, replay window, decryption (length
 * field, receiveid), strict JSON, and the bot's id. The order matters: nothing needing the key runs before the
 * signature and the timestamp hold.
 */
final class AiBotInbound {

    private static final Logger log = LoggerFactory.getLogger(AiBotInbound.class);
    private static final JsonMapper JSON = AiBotCallback.JSON;

    static final Refusal TOO_LARGE = new Refusal(HttpStatus.CONTENT_TOO_LARGE, CallbackOutcome.TOO_LARGE,
            "body too large");

    sealed interface Checked permits Plain, Refusal {
    }

    sealed interface Received permits Accepted, Refusal {
    }

    record Plain(String text) implements Checked {
    }

    record Accepted(AiBotCallback callback) implements Received {
    }

    record Refusal(HttpStatus status, CallbackOutcome outcome, String reason) implements Checked, Received {
    }

    private final Clock clock;
    private final Duration maxClockSkew;
    private final ConcurrentMap<String, String> seenBotIds = new ConcurrentHashMap<>();

    AiBotInbound(Clock clock, Duration maxClockSkew) {
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    /** URL verification: the decrypted echostr, or a refusal. */
    Checked verifyUrl(BotConfig bot, String signature, String timestamp, String nonce, String echostr) {
        if (echostr == null || echostr.isEmpty()) {
            return malformed("echostr missing");
        }
        AiBotCrypto crypto = crypto(bot);
        Refusal refused = signatureAndTime(crypto, signature, timestamp, nonce, echostr);
        if (refused != null && echostr.indexOf(' ') >= 0) {
            // a query parser may have turned the '+' of the base64 into a space: check the unescaped value
            String restored = echostr.replace(' ', '+');
            if (signatureAndTime(crypto, signature, timestamp, nonce, restored) == null) {
                echostr = restored;
                refused = null;
            }
        }
        if (refused != null) {
            return refused;
        }
        try {
            return new Plain(crypto.decrypt(echostr));
        } catch (AiBotCrypto.CryptoException e) {
            return malformed("echostr: " + e.getMessage());
        }
    }

    /** A callback whose body is at most the size limit (the controller checked). */
    Received receive(BotConfig bot, String signature, String timestamp, String nonce, String body) {
        String encrypt;
        try {
            JsonNode envelope = JSON.readTree(body);
            JsonNode value = envelope == null || !envelope.isObject() ? null : envelope.get("encrypt");
            if (value == null || !value.isString() || value.asString().isBlank()) {
                return malformed("no encrypt string in the body");
            }
            encrypt = value.asString();
        } catch (JacksonException e) {
            return malformed("body is not JSON");
        }
        AiBotCrypto crypto = crypto(bot);
        Refusal refused = signatureAndTime(crypto, signature, timestamp, nonce, encrypt);
        if (refused != null) {
            return refused;
        }
        AiBotCallback callback;
        try {
            callback = AiBotCallback.parse(crypto.decrypt(encrypt));
        } catch (AiBotCrypto.CryptoException e) {
            return malformed("does not decrypt: " + e.getMessage());
        } catch (AiBotCallback.MalformedCallbackException e) {
            return malformed("callback JSON: " + e.getMessage());
        }
        String configured = bot.botId();
        if (configured != null && !configured.isBlank()) {
            if (!configured.strip().equals(callback.aibotId())) {
                return new Refusal(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, "callback for another bot id");
            }
        } else if (callback.aibotId() != null) {
            String before = seenBotIds.put(bot.id(), callback.aibotId());
            if (before == null) {
                log.info("WeCom AI bot '{}': callbacks come from aibotid {}; set bot-id to refuse any other",
                        bot.id(), callback.aibotId());
            } else if (!before.equals(callback.aibotId())) {
                log.warn("WeCom AI bot '{}': callbacks now come from aibotid {} (before: {}); the same token and key "
                        + "serve two AI bots, or the bot was recreated; set bot-id to pin one", bot.id(),
                        callback.aibotId(), before);
            }
        }
        return new Accepted(callback);
    }

    /** The encrypted, signed answer for a callback: its own timestamp and nonce, as WeCom requires. */
    Map<String, Object> seal(BotConfig bot, Map<String, Object> reply, String timestamp, String nonce) {
        AiBotCrypto crypto = crypto(bot);
        String encrypt = crypto.encrypt(JSON.writeValueAsString(reply));
        Map<String, Object> sealed = new LinkedHashMap<>();
        sealed.put("encrypt", encrypt);
        sealed.put("msgsignature", crypto.sign(timestamp, nonce, encrypt));
        sealed.put("timestamp", timestamp);
        sealed.put("nonce", nonce);
        return sealed;
    }

    private Refusal signatureAndTime(AiBotCrypto crypto, String signature, String timestamp, String nonce,
                                     String encrypted) {
        if (signature == null || timestamp == null || nonce == null) {
            return new Refusal(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, "signature parameters missing");
        }
        if (!crypto.verify(signature, timestamp, nonce, encrypted)) {
            return new Refusal(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, "bad signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return new Refusal(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, "timestamp not a number");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > maxClockSkew.toSeconds()) {
            return new Refusal(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE,
                    "timestamp " + skew + " s away from our clock");
        }
        return null;
    }

    private static AiBotCrypto crypto(BotConfig bot) {
        return new AiBotCrypto(bot.token(), bot.aesKey());
    }

    private static Refusal malformed(String reason) {
        return new Refusal(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, reason);
    }
}
