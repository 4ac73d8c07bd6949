package com.actionbridge.channel.web;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.HttpActionClient;
import com.actionbridge.action.UpstreamProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web chat's answer on the real server: written once into the response by the engine's reply or, after
 * {@code actionbridge.web-chat.reply-timeout}, as the "still running" card; refusals answered at once; and the
 * server's {@code http.server.requests} timer records each chat with its status when it is answered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "actionbridge.web-chat.reply-timeout=1s")
class WebChatAnswerTest {

    /** The real client to the embedded sandbox; the calls of people named "held-*" wait for the test. */
    static final class HoldingUpstream implements ActionClient {
        private final ActionClient real;
        private final CountDownLatch gate = new CountDownLatch(1);

        HoldingUpstream(ActionClient real) {
            this.real = real;
        }

        private void holdIfAsked(String userId) {
            if (userId != null && userId.startsWith("web:held-")) {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public ActionResult startDialogue(UpstreamProfile profile, String userId, String content)
                throws ActionException {
            holdIfAsked(userId);
            return real.startDialogue(profile, userId, content);
        }

        @Override
        public ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException {
            holdIfAsked(request.userId());
            return real.answer(profile, request);
        }
    }

    @TestConfiguration
    static class Holding {
        @Bean
        @Primary
        HoldingUpstream holdingUpstream(HttpActionClient real) {
            return new HoldingUpstream(real);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    HoldingUpstream upstream;
    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void release() {
        upstream.gate.countDown();
    }

    HttpResponse<String> chat(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/chat"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    Timer chats(String status) {
        return meters.find("http.server.requests").tag("uri", "/api/v1/chat").tag("method", "POST")
                .tag("status", status).timer();
    }

    /** Every http.server.requests timer, for a failure's message. */
    String timers() {
        StringBuilder all = new StringBuilder();
        meters.find("http.server.requests").timers().forEach(t -> all.append(t.getId().getTags()).append(" count ")
                .append(t.count()).append('\n'));
        return all.toString();
    }

    void awaitCount(String status, long expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count(status)).as(timers())
                .isEqualTo(expected));
    }

    long count(String status) {
        Timer timer = chats(status);
        return timer == null ? 0 : timer.count();
    }

    @Test
    void theReplyIsTheWholeAnswerAndIsTimedAsOneRequest() throws Exception {
        long before = count("200");
        HttpResponse<String> response = chat("{\"user_id\":\"answer-1\",\"text\":\"我要请假\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
        JsonNode card = JSON.readTree(response.body()).get("replies").get(0);
        assertThat(card.get("status").stringValue()).isNotEqualTo("busy").isNotEqualTo("upstream_error");
        awaitCount("200", before + 1);
    }

    @Test
    void noReplyInTimeIsAnsweredWithTheStillRunningCard() throws Exception {
        long before = count("200");
        long started = System.nanoTime();
        HttpResponse<String> response = chat("{\"user_id\":\"held-1\",\"text\":\"我要请假\"}");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode reply = JSON.readTree(response.body());
        assertThat(reply.get("replies")).hasSize(1);
        assertThat(reply.get("replies").get(0).get("status").stringValue()).isEqualTo("busy");
        assertThat(reply.get("replies").get(0).get("title").stringValue()).isEqualTo("仍在处理");
        assertThat(tookMillis).as("answered after the reply timeout").isGreaterThanOrEqualTo(1000);
        // The request is timed until its answer, not until the request thread was released. (Spring's observation
        // filter stops the observation on the container's timeout and again on completion, so a timed-out request
        // counts twice, with either kind of async answer.)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count("200")).as(timers())
                .isGreaterThan(before));
        assertThat(chats("200").max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1000);

        // The engine's late reply goes nowhere; the next chat of the same person is answered normally.
        upstream.gate.countDown();
        HttpResponse<String> next = chat("{\"user_id\":\"held-1\",\"text\":\"我要请假\"}");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(JSON.readTree(next.body()).get("replies")).isNotEmpty();
    }

    @Test
    void refusalsAreAnsweredAtOnceAndTimedWithTheirStatus() throws Exception {
        long before = count("400");
        HttpResponse<String> response = chat("{\"user_id\":\"answer-2\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).get("error").stringValue()).isEqualTo("give exactly one of text and choice");
        awaitCount("400", before + 1);
    }
}
