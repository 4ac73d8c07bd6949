package com.actionbridge;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;

/**
 * {@code actionbridge.public-url}: the address people's phones and browsers reach the bridge at, e.g.
 * {@code https://bridge.example.com}. Every link the bridge makes (the sandbox's authorise and run-log pages) starts
 * with it. Empty (default): links are built from the request, which inside one machine is
 * {@code http://127.0.0.1:<port>} — fine on the bridge's own machine, useless from WeCom or DingTalk on a phone.
 *
 * @param publicUrl an http(s) URL without query or fragment; a trailing slash is ignored
 */
@ConfigurationProperties("actionbridge")
public record PublicUrl(String publicUrl) {

    public PublicUrl {
        publicUrl = publicUrl == null ? "" : publicUrl.strip();
        while (publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        if (!publicUrl.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(publicUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("actionbridge.public-url is not a URL: " + publicUrl);
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("actionbridge.public-url must be an http(s) URL with a host and "
                        + "no query, e.g. https://bridge.example.com; it is " + publicUrl);
            }
        }
    }

    /** The configured public address, or the one this request came to; no trailing slash. */
    public String base(HttpServletRequest request) {
        return publicUrl.isEmpty() ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : publicUrl;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PublicUrl.class)
    static class Registration {
    }
}
