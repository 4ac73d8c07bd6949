package com.actionbridge.channel.web;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may use the web chat API, and as which bot. With an API key: its holder. Without one: only this machine,
 * and only same-origin JSON requests, so that a page on another site open in a browser here cannot post as a
 * form ({@code text/plain}, no preflight) or from its own origin. Only the built-in web bot and bots with
 * {@code web-chat: true} are served.
 */
final class WebChatAccess {

    /** A refusal: the HTTP status and the error text. */
    record Refusal(int status, String error) {
    }

    /** Characters of an IPv4 or IPv6 literal: anything else would make {@link InetAddress} look a name up. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.%\\[\\]]+");

    private final byte[] keyDigest;

    WebChatAccess(String apiKey) {
        this.keyDigest = apiKey == null || apiKey.isBlank() ? null : digest(apiKey);
    }

    /** The caller's refusal, if any: key, then (without a key) loopback, same origin and a JSON body. */
    Optional<Refusal> check(HttpServletRequest request) {
        Optional<Refusal> refusal = check(request.getHeader("X-Api-Key"), request.getRemoteAddr());
        if (refusal.isPresent() || keyDigest != null) {
            return refusal;
        }
        return sameOriginJson(request);
    }

    /** The bot a request names may be talked to through the web chat: the built-in one, or one that enables it. */
    static Optional<Refusal> scope(String botId, BotRegistry bots) {
        if (WebChatController.WEB_BOT_ID.equals(botId)) {
            return Optional.empty();
        }
        Optional<BotConfig> bot = bots.find(botId);
        if (bot.isEmpty()) {
            return Optional.of(new Refusal(400, "unknown bot_id"));
        }
        return bot.get().servesWebChat() ? Optional.empty()
                : Optional.of(new Refusal(403, "this bot does not serve the web chat (web-chat: true enables it)"));
    }

    private static Optional<Refusal> sameOriginJson(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return Optional.of(CROSS_ORIGIN);
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request)) {
            return Optional.of(CROSS_ORIGIN);
        }
        MediaType type;
        try {
            type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            return Optional.of(new Refusal(415, "the body must be sent as Content-Type: application/json"));
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = new URI(origin.strip());
            String host = request.getHeader(HttpHeaders.HOST);
            if (host == null) {
                int port = request.getServerPort();
                boolean defaultPort = port == ("https".equalsIgnoreCase(request.getScheme()) ? 443 : 80);
                host = request.getServerName() + (defaultPort ? "" : ":" + port);
            }
            return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(request.getScheme())
                    && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static final Refusal CROSS_ORIGIN = new Refusal(403,
            "no web chat API key is configured, so only pages of this server may call the API");

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
        if (address == null || address.isBlank() || !IP_LITERAL.matcher(address).matches()) {
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
