package com.actionbridge.admin;

import com.actionbridge.testsupport.MutableClock;
import com.actionbridge.action.UpstreamLocation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream reachability probe: a TCP connect with a short timeout, its answer reused for the TTL. */
class UpstreamProbeTest {

    private static ObjectProvider<UpstreamLocation> location(URI uri) {
        StaticListableBeanFactory factory = new StaticListableBeanFactory();
        factory.addBean("location", new UpstreamLocation() {
            @Override
            public URI baseUrl() {
                return uri;
            }

            @Override
            public boolean sandbox() {
                return false;
            }
        });
        return factory.getBeanProvider(UpstreamLocation.class);
    }

    @Test
    void reachableThenCachedThenUnreachable() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        int port = server.getLocalPort();
        UpstreamProbe probe = new UpstreamProbe(location(URI.create("http://127.0.0.1:" + port + "/api/path?x=1")),
                Duration.ofMillis(500), Duration.ofSeconds(10), clock);

        UpstreamProbe.Result first = probe.check();
        assertThat(first.reachable()).isTrue();
        assertThat(first.target()).isEqualTo("http://127.0.0.1:" + port);
        server.close();

        clock.advance(Duration.ofSeconds(5));
        assertThat(probe.check()).as("still within the TTL").isSameAs(first);

        clock.advance(Duration.ofSeconds(6));
        UpstreamProbe.Result later = probe.check();
        assertThat(later.reachable()).isFalse();
        assertThat(later.error()).contains("ConnectException");
    }

    @Test
    void noUpstreamLocationIsUnreachable() {
        UpstreamProbe probe = new UpstreamProbe(new StaticListableBeanFactory().getBeanProvider(UpstreamLocation.class),
                Duration.ofMillis(200), Duration.ZERO, Clock.systemUTC());
        assertThat(probe.check().reachable()).isFalse();
        assertThat(probe.check().error()).isEqualTo("no upstream configured");
    }
}
