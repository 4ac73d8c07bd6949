package com.actionbridge.channel.web;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.HttpActionClient;
import com.actionbridge.action.UpstreamProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Web chats waiting for the upstream hold no request thread: with the server's request threads cut to a handful,
 * hundreds of chats wait for a held upstream at once while liveness still answers, and all get their reply when
 * the upstream answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.tomcat.threads.max=8", "server.tomcat.threads.min-spare=2"})
class WebChatCapacityTest {

    /** The real client to the embedded sandbox, behind a gate that holds every call until the test opens it. */
    static final class HeldUpstream implements ActionClient {
        private final ActionClient real;
        private final CountDownLatch gate = new CountDownLatch(1);
        private final AtomicInteger waiting = new AtomicInteger();

        HeldUpstream(ActionClient real) {
            this.real = real;
        }

        private void hold() {
            waiting.incrementAndGet();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the upstream");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public ActionResult startDialogue(UpstreamProfile profile, String userId, String content)
                throws ActionException {
            hold();
            return real.startDialogue(profile, userId, content);
        }

        @Override
        public ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException {
            hold();
            return real.answer(profile, request);
        }
    }

    @TestConfiguration
    static class Held {
        @Bean
        @Primary
        HeldUpstream heldUpstream(HttpActionClient real) {
            return new HeldUpstream(real);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    HeldUpstream upstream;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void release() {
        upstream.gate.countDown();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    @Test
    void threeHundredChatsWaitForTheUpstreamWhileEightRequestThreadsStayFree() throws Exception {
        int chats = 300;
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            String body = "{\"user_id\":\"capacity-" + i + "\",\"text\":\"我要请假\"}";
            replies.add(http.sendAsync(request("/api/v1/chat").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.waiting.get() == chats);
        assertThat(replies).as("every chat is still waiting for the upstream").noneMatch(CompletableFuture::isDone);

        HttpResponse<String> liveness = http.send(request("/actuator/health/liveness")
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("UP");

        upstream.gate.countDown();
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            HttpResponse<String> response = reply.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode card = JSON.readTree(response.body()).get("replies").get(0);
            assertThat(card.get("status").stringValue()).isNotEqualTo("busy").isNotEqualTo("upstream_error");
        }
    }
}
