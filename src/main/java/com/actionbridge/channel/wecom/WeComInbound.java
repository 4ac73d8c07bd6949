package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.channel.CallbackOutcome;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import me.chanjar.weixin.cp.config.WxCpConfigStorage;
import org.springframework.http.HttpStatus;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Checks one callback request: signature, replay window, XML safety, corp and app. The message parsing is
 * WxJava's, the decryption {@link WeComCipher}'s (length field and corp id checked); this class decides which
 * failure gets which status. The order matters: the cheap checks that need no secret come first, and nothing is
 * decrypted before the signature holds.
 */
public class WeComInbound {

    /** The outcome of a check: either a decrypted message or a refusal with its status. */
    public sealed interface Result permits Accepted, Refused {
    }

    public record Accepted(WxCpXmlMessage message) implements Result {
    }

    /** The outcome of URL verification: the decrypted echostr or a refusal. */
    public sealed interface UrlCheck permits Verified, Refused {
    }

    public record Refused(HttpStatus status, CallbackOutcome outcome, String reason) implements Result, UrlCheck {
    }

    public record Verified(String echo) implements UrlCheck {
    }

    private static final DocumentBuilderFactory SAFE_XML = safeFactory();

    private final Clock clock;
    private final Duration maxClockSkew;

    public WeComInbound(Clock clock, Duration maxClockSkew) {
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    /** URL verification: the decrypted echostr, or a refusal. */
    public UrlCheck verifyUrl(WxCpConfigStorage config, String signature, String timestamp,
                            String nonce, String echostr) {
        if (echostr == null || echostr.isEmpty()) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, "echostr missing");
        }
        Refused refused = checkSignatureAndTime(config, signature, timestamp, nonce, echostr);
        if (refused != null) {
            return refused;
        }
        Object opened = open(config.getAesKey(), config.getCorpId(), echostr, "echostr");
        return opened instanceof Refused refusal ? refusal : new Verified((String) opened);
    }

    /**
     * Decrypts {@code encrypted} for {@code corpId}: the plain text, or a {@link Refused} when it does not decrypt,
     * its length field does not fit, or it was encrypted for another corp. Decrypted here rather than by WxJava:
     * its decrypt sizes an array by the ciphertext's own length field (up to 2 GiB), and it does not say which
     * corp the message was encrypted for.
     */
    private static Object open(String aesKey, String corpId, String encrypted, String what) {
        WeComCipher.Opened opened;
        try {
            opened = WeComCipher.open(aesKey, encrypted);
        } catch (WeComCipher.Unreadable e) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, what + ": " + e.getMessage());
        }
        if (!opened.isFor(corpId)) {
            return new Refused(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, what + " encrypted for another corp");
        }
        return opened.message();
    }

    /** A message or event delivery whose body is at most the size limit (the controller checked). */
    public Result receive(BotConfig bot, WxCpConfigStorage config, String signature, String timestamp,
                          String nonce, byte[] body) {
        String xml = new String(body, StandardCharsets.UTF_8);
        String upper = xml.toUpperCase(Locale.ROOT);
        if (upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, "DOCTYPE or entity in XML");
        }
        Document envelope;
        try {
            envelope = newBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, "malformed XML");
        }
        String encrypt = text(envelope, "Encrypt");
        if (encrypt == null || encrypt.isBlank()) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, "no Encrypt element");
        }
        Refused refused = checkSignatureAndTime(config, signature, timestamp, nonce, encrypt);
        if (refused != null) {
            return refused;
        }
        String outerTo = text(envelope, "ToUserName");
        if (outerTo != null && !outerTo.isBlank() && !outerTo.strip().equals(bot.corpId())) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.BAD_SIGNATURE, "wrong corp id");
        }
        String outerAgent = text(envelope, "AgentID");
        if (outerAgent != null && !outerAgent.isBlank() && !outerAgent.strip().equals(String.valueOf(bot.agentId()))) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.BAD_SIGNATURE, "wrong agent id");
        }
        Object opened = open(config.getAesKey(), bot.corpId(), encrypt, "message");
        if (opened instanceof Refused refusal) {
            return refusal;
        }
        String plain = (String) opened;
        String plainUpper = plain.toUpperCase(Locale.ROOT);
        if (plainUpper.contains("<!DOCTYPE") || plainUpper.contains("<!ENTITY")) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, "DOCTYPE or entity in message");
        }
        WxCpXmlMessage message;
        try {
            // Parsed safely first (the agent id is taken from it), then mapped by WxJava.
            String agentId = text(newBuilder().parse(new InputSource(new StringReader(plain))), "AgentID");
            message = WxCpXmlMessage.fromXml(plain, agentId == null ? null : agentId.strip());
        } catch (Exception e) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, "message does not parse");
        }
        if (message == null || message.getMsgType() == null || message.getFromUserName() == null) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.MALFORMED, "message without type or sender");
        }
        if (!bot.corpId().equals(message.getToUserName())) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.BAD_SIGNATURE, "wrong corp id");
        }
        String agent = message.getAgentId();
        if (agent != null && !agent.isBlank() && !agent.strip().equals(String.valueOf(bot.agentId()))) {
            return new Refused(HttpStatus.BAD_REQUEST, CallbackOutcome.BAD_SIGNATURE, "wrong agent id");
        }
        return new Accepted(message);
    }

    private Refused checkSignatureAndTime(WxCpConfigStorage config, String signature, String timestamp,
                                          String nonce, String encrypted) {
        if (signature == null || timestamp == null || nonce == null) {
            return new Refused(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, "signature parameters missing");
        }
        String expected = SHA1.gen(config.getToken(), timestamp, nonce, encrypted);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Refused(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, "bad signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return new Refused(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE, "timestamp not a number");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > maxClockSkew.toSeconds()) {
            return new Refused(HttpStatus.FORBIDDEN, CallbackOutcome.BAD_SIGNATURE,
                    "timestamp " + skew + " s away from our clock");
        }
        return null;
    }

    private static DocumentBuilder newBuilder() throws ParserConfigurationException {
        synchronized (SAFE_XML) {
            return SAFE_XML.newDocumentBuilder();
        }
    }

    private static String text(Document document, String tag) {
        NodeList nodes = document.getDocumentElement().getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static DocumentBuilderFactory safeFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory;
        } catch (Exception e) {
            throw new IllegalStateException("cannot configure a safe XML parser", e);
        }
    }
}
