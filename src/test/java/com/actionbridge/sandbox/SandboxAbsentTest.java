package com.actionbridge.sandbox;

import com.actionbridge.action.UpstreamLocation;
import com.actionbridge.action.UpstreamProfiles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With a real upstream configured the sandbox does not exist: no beans, no routes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "actionbridge.upstream.base-url=http://127.0.0.1:9/platform/",
        "actionbridge.upstream.token=configured-token"})
class SandboxAbsentTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    UpstreamLocation location;
    @Autowired
    UpstreamProfiles profiles;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theConfiguredUpstreamIsUsed() {
        assertThat(location.sandbox()).isFalse();
        assertThat(location.baseUrl()).hasToString("http://127.0.0.1:9/platform");
        assertThat(profiles.forBot("any").token()).isEqualTo("configured-token");
        assertThat(context.getBeanNamesForType(SandboxToken.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SandboxPlatform.class)).isEmpty();
    }

    @Test
    void theSandboxRoutesAreNotFound() throws Exception {
        assertThat(post("/sandbox/v2/api/AI-action/ai_actions")).isEqualTo(404);
        assertThat(post("/sandbox/v1/api/AI-action/ai_actions")).isEqualTo(404);
        assertThat(get("/sandbox/authorize?user_id=web:a&appkey=90")).isEqualTo(404);
        assertThat(get("/sandbox/logs/sbx-1")).isEqualTo(404);
    }

    private int post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"u\",\"content\":\"我要请假\"}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
