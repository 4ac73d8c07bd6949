package com.actionbridge.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards {@code /admin/**} as Spring MVC matches it (so no path spelling gets around it). Without an admin token
 * the console and API do not exist (404). With one, every {@code /admin/api/**} request needs
 * {@code Authorization: Bearer <token>} (401 otherwise); the console's static pages are public because they hold
 * no data. Each client address may have a bounded number of tokens checked per minute; beyond it, 429.
 */
public final class AdminAccess {

    private static final String CONSOLE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** What became of one presented token. */
    enum Check { GRANTED, DENIED, THROTTLED }

    private final byte[] tokenDigest;
    private final LoginThrottle throttle;

    AdminAccess(String token, LoginThrottle throttle) {
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token);
        this.throttle = throttle;
    }

    public boolean enabled() {
        return tokenDigest != null;
    }

    /** For every {@code /admin} path: 404 when the admin is off; no caching, no framing. */
    public HandlerInterceptor console() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws IOException {
                if (!enabled()) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    return false;
                }
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("X-Frame-Options", "DENY");
                response.setHeader("Content-Security-Policy", CONSOLE_CSP);
                response.setHeader("Referrer-Policy", "no-referrer");
                return true;
            }
        };
    }

    /** For {@code /admin/api/**}: the bearer token, compared in constant time. */
    public HandlerInterceptor api() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws IOException {
                Check check = enabled() ? check(request.getHeader(HttpHeaders.AUTHORIZATION), request.getRemoteAddr())
                        : Check.DENIED;
                if (check == Check.GRANTED) {
                    return true;
                }
                if (check == Check.THROTTLED) {
                    tooManyAttempts(response);
                    return false;
                }
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"actionbridge-admin\"");
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getOutputStream().write("{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return false;
            }
        };
    }

    /** Checks a presented {@code Authorization} header, unless {@code client} used up its attempts of the minute. */
    Check check(String header, String client) {
        if (bearer(header) == null) {
            return Check.DENIED; // nothing presented, nothing to guess with: not counted
        }
        if (!throttle.tryAcquire(client)) {
            return Check.THROTTLED;
        }
        if (authorized(header)) {
            throttle.succeeded(client);
            return Check.GRANTED;
        }
        return Check.DENIED;
    }

    static void tooManyAttempts(HttpServletResponse response) throws IOException {
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, "60");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write("{\"error\":\"too many failed attempts; wait a minute\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Compares digests so that neither the token's content nor its length shows in the timing. */
    boolean authorized(String header) {
        String token = bearer(header);
        return token != null && MessageDigest.isEqual(tokenDigest, sha256(token));
    }

    private static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
