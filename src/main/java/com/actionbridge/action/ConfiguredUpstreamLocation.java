package com.actionbridge.action;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The configured base URL, or the embedded sandbox on this server's own port, known once the web server has
 * started (so {@code server.port=0} works). Logs one line at start-up saying which.
 */
final class ConfiguredUpstreamLocation implements UpstreamLocation, ApplicationListener<WebServerInitializedEvent> {

    static final String SANDBOX_PATH = "/sandbox";
    private static final Logger log = LoggerFactory.getLogger(ConfiguredUpstreamLocation.class);

    private final URI configured;
    private final String contextPath;
    private final String host;
    private final AtomicBoolean announced = new AtomicBoolean();
    private volatile URI sandboxUrl;

    ConfiguredUpstreamLocation(UpstreamProperties properties, String contextPath) {
        this(properties, contextPath, null);
    }

    /** @param serverAddress {@code server.address}: the sandbox is called there when the server binds one address */
    ConfiguredUpstreamLocation(UpstreamProperties properties, String contextPath, String serverAddress) {
        this.configured = properties.sandbox() ? null : URI.create(stripTrailingSlash(properties.baseUrl()));
        this.contextPath = contextPath == null ? "" : stripTrailingSlash(contextPath);
        this.host = hostFor(serverAddress);
    }

    private static String hostFor(String serverAddress) {
        String address = serverAddress == null ? "" : serverAddress.strip();
        if (address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            return "127.0.0.1";
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    @Override
    public URI baseUrl() {
        if (configured != null) {
            return configured;
        }
        URI url = sandboxUrl;
        if (url == null) {
            throw new IllegalStateException("the embedded sandbox is not reachable yet: the web server has not started");
        }
        return url;
    }

    @Override
    public boolean sandbox() {
        return configured == null;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            return;
        }
        if (configured == null) {
            sandboxUrl = URI.create("http://" + host + ":" + event.getWebServer().getPort() + contextPath + SANDBOX_PATH);
        }
        if (announced.compareAndSet(false, true)) {
            if (configured == null) {
                log.info("No upstream configured (AI_ACTION_BASE_URL is empty): using the embedded sandbox at {}; "
                        + "set AI_ACTION_BASE_URL and AI_ACTION_TOKEN to use the real AI action platform.", sandboxUrl);
            } else {
                log.info("Upstream: {}", withoutUserInfo(configured));
            }
        }
    }

    private static String withoutUserInfo(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String stripTrailingSlash(String value) {
        String v = value.strip();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
