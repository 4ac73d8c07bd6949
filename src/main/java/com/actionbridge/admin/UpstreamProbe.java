package com.actionbridge.admin;

import com.actionbridge.action.UpstreamLocation;
import org.springframework.beans.factory.ObjectProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the upstream accepts TCP connections: a cheap probe that sends nothing, with a short timeout, its
 * answer reused for a few seconds so that frequent health checks cost one connect at most per TTL.
 */
public class UpstreamProbe {

    /**
     * @param target    scheme://host:port probed, never with a path or credentials; null when unknown
     * @param reachable whether the connect succeeded
     * @param sandbox   true when calls go to the embedded sandbox
     * @param error     why it was not reachable, or null
     */
    public record Result(String target, boolean reachable, boolean sandbox, String error, Instant checkedAt) {
    }

    private final ObjectProvider<UpstreamLocation> location;
    private final Duration timeout;
    private final Duration ttl;
    private final Clock clock;
    private Result last;

    public UpstreamProbe(ObjectProvider<UpstreamLocation> location, Duration timeout, Duration ttl, Clock clock) {
        this.location = location;
        this.timeout = timeout;
        this.ttl = ttl;
        this.clock = clock;
    }

    public synchronized Result check() {
        Instant now = clock.instant();
        if (last != null && last.checkedAt().plus(ttl).isAfter(now)) {
            return last;
        }
        last = probe(now);
        return last;
    }

    private Result probe(Instant now) {
        UpstreamLocation where = location.getIfAvailable();
        if (where == null || where.baseUrl() == null) {
            return new Result(null, false, false, "no upstream configured", now);
        }
        URI uri = where.baseUrl();
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String target = uri.getScheme() + "://" + host + ":" + port;
        if (host == null) {
            return new Result(target, false, where.sandbox(), "base URL has no host", now);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return new Result(target, true, where.sandbox(), null, now);
        } catch (IOException | IllegalArgumentException e) {
            return new Result(target, false, where.sandbox(), e.getClass().getSimpleName() + ": " + e.getMessage(), now);
        }
    }
}
