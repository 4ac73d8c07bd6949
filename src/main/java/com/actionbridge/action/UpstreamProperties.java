package com.actionbridge.action;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * The global upstream settings ({@code actionbridge.upstream.*}); a bot may override the token, the
 * return amount and the app name filter (see {@link UpstreamProfiles}).
 *
 * @param baseUrl        the platform's base URL (env {@code AI_ACTION_BASE_URL}); empty → the embedded sandbox
 * @param token          the bearer token (env {@code AI_ACTION_TOKEN}); never logged
 * @param returnAmount   most candidate actions to return
 * @param appNameFilter  comma-separated keywords of apps to exclude
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for an answer once the request was sent
 * @param retry          retries of failures where nothing was sent, and of HTTP 429
 */
@ConfigurationProperties("actionbridge.upstream")
public record UpstreamProperties(
        @DefaultValue("") String baseUrl,
        @DefaultValue("") String token,
        @DefaultValue("3") int returnAmount,
        @DefaultValue("") String appNameFilter,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue Retry retry) {

    public UpstreamProperties {
        baseUrl = baseUrl == null ? "" : baseUrl.strip();
        token = token == null ? "" : token.strip();
        appNameFilter = appNameFilter == null ? "" : appNameFilter.strip();
        retry = retry == null ? new Retry(3, Duration.ofMillis(500)) : retry;
        if (!baseUrl.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("actionbridge.upstream.base-url is not a URL: " + e.getMessage());
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("actionbridge.upstream.base-url must be an http(s) URL with a host");
            }
        }
        if (returnAmount < 1) {
            throw new IllegalArgumentException("actionbridge.upstream.return-amount must be at least 1");
        }
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(readTimeout, "read-timeout");
    }

    /** True when no base URL is set, so calls go to the embedded sandbox. */
    public boolean sandbox() {
        return baseUrl.isEmpty();
    }

    private static void requirePositive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("actionbridge.upstream." + key + " must be a positive duration");
        }
    }

    /**
     * @param maxAttempts attempts in all, the first included
     * @param backoff     the wait before the second attempt; doubled before each further one
     */
    public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("500ms") Duration backoff) {

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("actionbridge.upstream.retry.max-attempts must be at least 1");
            }
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("actionbridge.upstream.retry.backoff must not be negative");
            }
        }
    }

    @Override
    public String toString() {
        return "UpstreamProperties[baseUrl=" + baseUrl + ", token=" + (token.isEmpty() ? "" : "****")
                + ", returnAmount=" + returnAmount + ", appNameFilter=" + appNameFilter + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", retry=" + retry + "]";
    }
}
