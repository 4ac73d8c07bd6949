package com.actionbridge.action;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@ExtendWith(OutputCaptureExtension.class)
class ConfiguredUpstreamLocationTest {

    private static UpstreamProperties properties(String baseUrl, String token) {
        return new UpstreamProperties(baseUrl, token, 3, "", Duration.ofSeconds(5), Duration.ofSeconds(60),
                new UpstreamProperties.Retry(3, Duration.ofMillis(500)));
    }

    private static ServletWebServerInitializedEvent started(int port, String namespace) {
        WebServer server = mock(WebServer.class);
        when(server.getPort()).thenReturn(port);
        ServletWebServerApplicationContext context = mock(ServletWebServerApplicationContext.class);
        when(context.getServerNamespace()).thenReturn(namespace);
        return new ServletWebServerInitializedEvent(server, context);
    }

    @Test
    void withoutBaseUrlTheSandboxOnTheActualPortIsUsedAndAnnouncedOnce(CapturedOutput output) {
        ConfiguredUpstreamLocation location = new ConfiguredUpstreamLocation(properties("", ""), "/bridge/");
        assertThat(location.sandbox()).isTrue();
        assertThatThrownBy(location::baseUrl).isInstanceOf(IllegalStateException.class);

        location.onApplicationEvent(started(9999, "management"));
        location.onApplicationEvent(started(41234, null));
        location.onApplicationEvent(started(41234, null));

        assertThat(location.baseUrl()).hasToString("http://127.0.0.1:41234/bridge/sandbox");
        String line = "No upstream configured (AI_ACTION_BASE_URL is empty): using the embedded sandbox at "
                + "http://127.0.0.1:41234/bridge/sandbox; set AI_ACTION_BASE_URL and AI_ACTION_TOKEN to use the real "
                + "AI action platform.";
        assertThat(output.getOut()).containsOnlyOnce(line);
    }

    @Test
    void theSandboxIsCalledOnTheBoundAddressWhenTheServerBindsOne() {
        ConfiguredUpstreamLocation v4 = new ConfiguredUpstreamLocation(properties("", ""), "", "10.1.2.3");
        ConfiguredUpstreamLocation v6 = new ConfiguredUpstreamLocation(properties("", ""), "", "::1");
        ConfiguredUpstreamLocation any = new ConfiguredUpstreamLocation(properties("", ""), "", "0.0.0.0");
        v4.onApplicationEvent(started(8080, null));
        v6.onApplicationEvent(started(8080, null));
        any.onApplicationEvent(started(8080, null));

        assertThat(v4.baseUrl()).hasToString("http://10.1.2.3:8080/sandbox");
        assertThat(v6.baseUrl()).hasToString("http://[::1]:8080/sandbox");
        assertThat(any.baseUrl()).hasToString("http://127.0.0.1:8080/sandbox");
    }

    @Test
    void aConfiguredBaseUrlIsUsedAndLoggedWithoutCredentials(CapturedOutput output) {
        ConfiguredUpstreamLocation location = new ConfiguredUpstreamLocation(
                properties("https://bot:s3cret@ai-action.example.com/api/", "tok-123"), "");

        location.onApplicationEvent(started(8080, null));

        assertThat(location.sandbox()).isFalse();
        assertThat(location.baseUrl()).hasToString("https://bot:s3cret@ai-action.example.com/api");
        assertThat(output.getOut()).contains("Upstream: https://ai-action.example.com/api")
                .doesNotContain("s3cret").doesNotContain("tok-123");
    }

    @Test
    void aCallBeforeTheServerStartedIsUnreachable() {
        ConfiguredUpstreamLocation location = new ConfiguredUpstreamLocation(properties("", ""), "");
        HttpActionClient client = new HttpActionClient(location, properties("", ""), JsonMapper.builder().build());

        assertThatThrownBy(() -> client.startDialogue(new UpstreamProfile("t", 3, ""), "u", "hi"))
                .isInstanceOfSatisfying(ActionException.class,
                        e -> assertThat(e.kind()).isEqualTo(ActionException.Kind.UNREACHABLE));
    }

    @Test
    void badSettingsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> properties("ftp://x", ""))
                .hasMessageContaining("actionbridge.upstream.base-url");
        assertThatThrownBy(() -> properties("not a url", ""))
                .hasMessageContaining("actionbridge.upstream.base-url");
        assertThatThrownBy(() -> new UpstreamProperties("", "", 0, "", Duration.ofSeconds(1), Duration.ofSeconds(1),
                null)).hasMessageContaining("actionbridge.upstream.return-amount");
        assertThatThrownBy(() -> new UpstreamProperties.Retry(0, Duration.ZERO))
                .hasMessageContaining("actionbridge.upstream.retry.max-attempts");
        assertThat(properties("", "secret-token").toString()).doesNotContain("secret-token");
    }
}
