package com.actionbridge.bench;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The yardsticks the benchmark compares the application with: the same web stack, filters and threads, without the
 * application's work. Exist only with {@code actionbridge.bench.reference-endpoint=true}.
 * <ul>
 * <li>{@code POST /bench/reference}: an empty 200, for the callbacks;</li>
 * <li>{@code POST /bench/relay}: the request's body posted to the upstream and the upstream's answer returned, asynchronously
 * like the web chat — a turn without the engine, sessions or cards, for the turns.</li>
 * </ul>
 */
@RestController
@ConditionalOnBooleanProperty("actionbridge.bench.reference-endpoint")
public class ReferenceEndpoint {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-relay-", 1).factory()))
            .build();

    public ReferenceEndpoint(@Value("${actionbridge.upstream.base-url:}") String upstreamBaseUrl) {
        this.upstream = upstreamBaseUrl.isBlank() ? null : URI.create(upstreamBaseUrl.replaceAll("/+$", "")
                + "/bench/relay");
    }

    @PostMapping("/bench/reference")
    public ResponseEntity<Void> reference() {
        return ResponseEntity.ok().build();
    }

    @PostMapping("/bench/relay")
    public DeferredResult<ResponseEntity<byte[]>> relay(@RequestBody(required = false) byte[] body) {
        DeferredResult<ResponseEntity<byte[]>> answer = new DeferredResult<>(TIMEOUT.toMillis());
        if (upstream == null) {
            answer.setResult(ResponseEntity.status(503).build());
            return answer;
        }
        HttpRequest request = HttpRequest.newBuilder(upstream).timeout(TIMEOUT)
                .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0] : body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) ->
                answer.setResult(failure != null ? ResponseEntity.status(502).build()
                        : ResponseEntity.status(response.statusCode()).contentType(MediaType.APPLICATION_JSON)
                        .body(response.body())));
        return answer;
    }
}
