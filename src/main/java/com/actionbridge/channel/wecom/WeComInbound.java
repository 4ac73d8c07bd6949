package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.channel.CallbackOutcome;
import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.annotations.XStreamConverter;
import com.thoughtworks.xstream.converters.basic.StringConverter;
import com.thoughtworks.xstream.io.xml.DomReader;
import com.thoughtworks.xstream.io.xml.XmlFriendlyNameCoder;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.xml.XStreamCDataConverter;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import me.chanjar.weixin.cp.config.WxCpConfigStorage;
import me.chanjar.weixin.cp.util.xml.XStreamTransformer;
import org.springframework.http.HttpStatus;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

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
    private static final BlockingQueue<DocumentBuilder> BUILDERS = new ArrayBlockingQueue<>(64);

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
            envelope = parse(xml);
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
            message = parseMessage(plain, outerAgent);
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

    /**
     * What {@code WxCpXmlMessage.fromXml} does with a decrypted message, minus its per-message costs: WxJava's own
     * XStream mapping reads the plaintext from a DOM of our pooled parser (XStream's XML driver and WxJava's field
     * map each look a parser factory up through the class loader on every message). As in WxJava, the envelope's
     * AgentID wins.
     */
    private static WxCpXmlMessage parseMessage(String plain, String outerAgentId) throws Exception {
        Document document = parse(plain.replace("</PicList><PicList>", ""));
        WxCpXmlMessage message = (WxCpXmlMessage) MessageMapping.XSTREAM.unmarshal(
                new DomReader(document.getDocumentElement(), new XmlFriendlyNameCoder()));
        if (outerAgentId != null && !outerAgentId.isEmpty()) {
            message.setAgentId(outerAgentId);
        }
        return message;
    }

    /**
     * Loads and configures what reading a message needs (WxJava configures a dozen XStream instances on first use,
     * seconds on a busy machine), so the first callback after a start does not wait for it.
     */
    static void warmUp() {
        try {
            MessageMapping.XSTREAM.unmarshal(new DomReader(parse(
                    "<xml><ToUserName><![CDATA[c]]></ToUserName><MsgType><![CDATA[text]]></MsgType></xml>")
                    .getDocumentElement(), new XmlFriendlyNameCoder()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read WeCom messages", e);
        }
    }

    /** Parses with a pooled safe parser: building one per request costs more than the rest of the check. */
    private static Document parse(String xml) throws Exception {
        DocumentBuilder builder = BUILDERS.poll();
        if (builder == null) {
            synchronized (SAFE_XML) {
                builder = SAFE_XML.newDocumentBuilder();
            }
        }
        builder.setErrorHandler(SILENT);
        try {
            return builder.parse(new InputSource(new StringReader(xml)));
        } finally {
            builder.reset();
            BUILDERS.offer(builder);
        }
    }

    /**
     * WxJava's XStream instance for {@link WxCpXmlMessage}, as WxJava configured it, reading strings as they are:
     * its string converters (WxJava's CDATA one only changes writing) intern every string field of every message
     * in one synchronized cache, a lock all callback threads queued on. Nothing writes this type back to XML.
     */
    private static final class MessageMapping extends XStreamTransformer {
        static final XStream XSTREAM = readingStringsAsTheyAre(CLASS_2_XSTREAM_INSTANCE.get(WxCpXmlMessage.class));

        private static XStream readingStringsAsTheyAre(XStream xstream) {
            StringConverter uncached = new StringConverter((Map<?, ?>) null);
            xstream.registerConverter(uncached, XStream.PRIORITY_NORMAL);
            for (Field field : WxCpXmlMessage.class.getDeclaredFields()) {
                XStreamConverter annotation = field.getAnnotation(XStreamConverter.class);
                if (annotation != null && annotation.value() == XStreamCDataConverter.class) {
                    xstream.registerLocalConverter(WxCpXmlMessage.class, field.getName(), uncached);
                }
            }
            return xstream;
        }
    }

    /** Malformed XML is refused by its exception; the parser's default handler would also print it. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

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
