package com.actionbridge.bench;

import com.actionbridge.action.HttpActionClient;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

/**
 * The yardsticks the benchmark compares the application with: the same web stack, filters and threads, without the
 * application's work. Exist only with {@code actionbridge.bench.reference-endpoint=true}.
 * <ul>
 * <li>{@code POST /bench/reference}: an empty 200, for the callbacks;</li>
 * <li>{@code POST /bench/relay}: the request's body posted to the upstream and the upstream's answer returned — a
 * web chat turn's I/O built as the application builds it (Servlet async with the answer written straight into the
 * response, the upstream called with {@link HttpActionClient#pooledClient} on a virtual thread of its own), without
 * the engine, sessions or cards, for the turns.</li>
 * </ul>
 */
@RestController
@ConditionalOnBooleanProperty("actionbridge.bench.reference-endpoint")
public class ReferenceEndpoint implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_BODY = 16 * 1024;

    private final URI upstream;
    private final CloseableHttpClient client = HttpActionClient.pooledClient(Duration.ofSeconds(5), TIMEOUT);

    public ReferenceEndpoint(@Value("${actionbridge.upstream.base-url:}") String upstreamBaseUrl) {
        this.upstream = upstreamBaseUrl.isBlank() ? null : URI.create(upstreamBaseUrl.replaceAll("/+$", "")
                + "/bench/relay");
    }

    @PostMapping("/bench/reference")
    public ResponseEntity<Void> reference() {
        return ResponseEntity.ok().build();
    }

    @PostMapping("/bench/relay")
    public void relay(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY);
        }
        if (upstream == null) {
            response.setStatus(503);
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(TIMEOUT.toMillis());
        Thread.ofVirtual().name("bench-relay").start(() -> answer(async, body));
    }

    private void answer(AsyncContext async, byte[] body) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            HttpPost post = new HttpPost(upstream);
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            Answer answer = client.execute(post, r -> new Answer(r.getCode(), EntityUtils.toByteArray(r.getEntity())));
            response.setStatus(answer.status());
            response.setContentType("application/json");
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        } catch (IOException e) {
            response.setStatus(502);
        } finally {
            async.complete();
        }
    }

    private record Answer(int status, byte[] body) {
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }
}
