package com.actionbridge.action;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake upstream answers every request from that request's own body, also while others are being answered.
 * The process tests count the calls the upstream saw by their bodies: a body mixed up with another request's makes
 * one person's call look like another person's call made twice.
 */
class FakeUpstreamTest {

    private static final int AT_ONCE = 8;

    @Test
    void requestsAnsweredAtTheSameTimeEachGetTheirOwnBody() throws Exception {
        CountDownLatch allInside = new CountDownLatch(AT_ONCE);
        try (FakeUpstream upstream = new FakeUpstream().then((exchange, request) -> {
            // Every request is inside the server before any is answered.
            allInside.countDown();
            try {
                if (!allInside.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the requests did not all arrive");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeUpstream.ok("\"" + request.body() + "\"").respond(exchange);
        });
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI uri = URI.create(upstream.baseUrl() + "/a" + HttpActionClient.V1_PATH);
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(uri)
                                .POST(HttpRequest.BodyPublishers.ofString("person-" + i)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < AT_ONCE; i++) {
                assertThat(answers.get(i).get(20, TimeUnit.SECONDS).body()).as("the answer to request %d", i)
                        .isEqualTo("{\"Code\":2000,\"Data\":\"person-" + i + "\",\"Msg\":\"成功\"}");
            }
            assertThat(upstream.received()).extracting(FakeUpstream.Received::body)
                    .containsExactlyInAnyOrderElementsOf(List.of("person-0", "person-1", "person-2", "person-3",
                            "person-4", "person-5", "person-6", "person-7"));
        }
    }
}
