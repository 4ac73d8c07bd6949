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
 * no data.
 */
public final class AdminAccess {

    private static final String CONSOLE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final byte[] tokenDigest;

    public AdminAccess(String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token);
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
                if (enabled() && authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                    return true;
                }
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"actionbridge-admin\"");
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getOutputStream().write("{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return false;
            }
        };
    }

    /** Compares digests so that neither the token's content nor its length shows in the timing. */
    boolean authorized(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
