package com.actionbridge.action;

import com.actionbridge.action.ActionException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ExtendWith(OutputCaptureExtension.class)
class HttpActionClientTest {

    private static final String TOKEN = "xeoYWPcn7WXdAFrEkPjffRN5BS1ZSIDi";
    private static final UpstreamProfile PROFILE = new UpstreamProfile(TOKEN, 3, "webhook,钉钉自建");
    private static final ActionData CHOSEN = new ActionData("84", "198", "企业微信群机器人", "发送文本消息",
            "发送文本消息到企业微信群", 187610L, "AI-action测试1");
    private static final ActionRequest ANSWER = new ActionRequest("InNrOTE2N18", "auth_account_select",
            "ACTION_CONFIG", "bai-du-123", "将你好发送到企业微信群机器人的发送文本消息", CHOSEN);
    private static final String DONE = """
            {"chat_id":"InNrOTE2N18","data":{"input":{"content":"你好"},"log_url":null,"output":{"sendrst":true}},\
            "description":"动作执行成功","status":"action_done","step":"ACTION_RUN","user_id":"bai-du-123"}""";

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final List<Duration> pauses = new ArrayList<>();
    private final List<FakeUpstream> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(FakeUpstream::close);
    }

    private FakeUpstream server() throws IOException {
        FakeUpstream server = new FakeUpstream();
        servers.add(server);
        return server;
    }

    private HttpActionClient client(String baseUrl) {
        return client(baseUrl, Duration.ofSeconds(5), pauses::add);
    }

    private HttpActionClient client(String baseUrl, Duration readTimeout, HttpActionClient.Backoff backoff) {
        UpstreamProperties properties = new UpstreamProperties(baseUrl, TOKEN, 3, "", Duration.ofSeconds(2),
                readTimeout, new UpstreamProperties.Retry(3, Duration.ofMillis(500)));
        UpstreamLocation location = new FixedLocation(URI.create(baseUrl));
        return new HttpActionClient(location, properties, mapper, backoff);
    }

    record FixedLocation(URI baseUrl) implements UpstreamLocation {
        @Override
        public boolean sandbox() {
            return false;
        }
    }

    @Test
    void v1SendsEveryFieldOfThePlatformExampleWithItsWireType() throws Exception {
        FakeUpstream upstream = server().then(FakeUpstream.ok(DONE));

        ActionResult result = client(upstream.baseUrl() + "/prefix").answer(PROFILE, ANSWER);

        assertThat(upstream.received()).hasSize(1);
        FakeUpstream.Received request = upstream.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/prefix/v1/api/AI-action/ai_actions");
        assertThat(request.header("Authorization")).isEqualTo("bearer " + TOKEN);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode body = mapper.readTree(request.body());
        assertThat(names(body)).containsExactlyInAnyOrder("chat_id", "status", "step", "user_id", "return_amount",
                "stream", "app_name_filter", "content", "data");
        assertThat(body.get("chat_id").stringValue()).isEqualTo("InNrOTE2N18");
        assertThat(body.get("status").stringValue()).isEqualTo("auth_account_select");
        assertThat(body.get("step").stringValue()).isEqualTo("ACTION_CONFIG");
        assertThat(body.get("user_id").stringValue()).isEqualTo("bai-du-123");
        assertThat(body.get("return_amount").isString()).isTrue();
        assertThat(body.get("return_amount").stringValue()).isEqualTo("3");
        assertThat(body.get("stream").isBoolean()).isTrue();
        assertThat(body.get("stream").booleanValue()).isFalse();
        assertThat(body.get("app_name_filter").stringValue()).isEqualTo("webhook,钉钉自建");
        assertThat(body.get("content").stringValue()).isEqualTo("将你好发送到企业微信群机器人的发送文本消息");
        JsonNode data = body.get("data");
        assertThat(names(data)).containsExactlyInAnyOrder("appkey", "actionkey", "appName", "actionName",
                "description", "account_id", "account_name");
        assertThat(data.get("appkey").stringValue()).isEqualTo("84");
        assertThat(data.get("actionkey").stringValue()).isEqualTo("198");
        assertThat(data.get("account_id").isIntegralNumber()).isTrue();
        assertThat(data.get("account_id").longValue()).isEqualTo(187610L);
        assertThat(data.get("account_name").stringValue()).isEqualTo("AI-action测试1");

        assertThat(result.status()).isEqualTo("action_done");
        assertThat(ActionStatus.of(result.status())).contains(ActionStatus.ACTION_DONE);
        assertThat(result.step()).isEqualTo("ACTION_RUN");
        assertThat(result.chatId()).isEqualTo("InNrOTE2N18");
        assertThat(result.userId()).isEqualTo("bai-du-123");
        assertThat(result.description()).isEqualTo("动作执行成功");
        assertThat(result.data().get("output").get("sendrst").booleanValue()).isTrue();
        assertThat(result.data().get("log_url").isNull()).isTrue();
    }

    @Test
    void v1KeepsEveryDataKeyWhenNothingIsChosenYetWithNullAccountId() throws Exception {
        FakeUpstream upstream = server().then(FakeUpstream.ok(DONE));
        ActionRequest unchosen = new ActionRequest("c1", "action_found", "ACTION_PREPARE", "u1", "hi", null);

        client(upstream.baseUrl()).answer(PROFILE, unchosen);

        JsonNode data = mapper.readTree(upstream.received().get(0).body()).get("data");
        assertThat(names(data)).hasSize(7);
        assertThat(data.get("account_id").isNull()).isTrue();
        assertThat(data.get("appkey").isNull()).isTrue();
    }

    @Test
    void v2SendsUserIdAndContentOnly() throws Exception {
        FakeUpstream upstream = server().then(FakeUpstream.ok("""
                {"chat_id":"new","status":"action_found","step":"ACTION_PREPARE","user_id":"web:1",
                 "description":"根据您的需求已为您找到了以下多个匹配动作,请选择:",
                 "data":[{"actionIdentkey":"a","actionName":"发送文本消息","actionType":"action","actionkey":"198",
                          "appName":"企业微信群机器人","appkey":"84","description":"d"}]}"""));

        ActionResult result = client(upstream.baseUrl()).startDialogue(PROFILE, "web:1", "把你好发送到企业微信群机器人");

        FakeUpstream.Received request = upstream.received().get(0);
        assertThat(request.path()).isEqualTo("/v2/api/AI-action/ai_actions");
        assertThat(request.header("Authorization")).isEqualTo("bearer " + TOKEN);
        JsonNode body = mapper.readTree(request.body());
        assertThat(names(body)).containsExactlyInAnyOrder("user_id", "content");
        assertThat(body.get("user_id").stringValue()).isEqualTo("web:1");
        assertThat(body.get("content").stringValue()).isEqualTo("把你好发送到企业微信群机器人");
        assertThat(result.chatId()).isEqualTo("new");
        assertThat(result.data().isArray()).isTrue();
        assertThat(result.data().get(0).get("actionkey").stringValue()).isEqualTo("198");
    }

    @Test
    void dataMayBeAnObjectAnArrayNullOrMissingAndNeverJavaNull() throws Exception {
        FakeUpstream upstream = server()
                .then(FakeUpstream.ok("{\"status\":\"auth_required\",\"data\":{\"auth_url\":\"http://x\"}}"))
                .then(FakeUpstream.ok("{\"status\":\"auth_account_select\",\"data\":[{\"account_id\":1}]}"))
                .then(FakeUpstream.ok("{\"status\":\"action_not_found\",\"data\":null}"))
                .then(FakeUpstream.ok("{\"status\":\"action_not_found\"}"));
        HttpActionClient client = client(upstream.baseUrl());

        assertThat(client.answer(PROFILE, ANSWER).data().isObject()).isTrue();
        assertThat(client.answer(PROFILE, ANSWER).data().isArray()).isTrue();
        ActionResult explicitNull = client.answer(PROFILE, ANSWER);
        assertThat(explicitNull.data()).isNotNull();
        assertThat(explicitNull.data().isNull()).isTrue();
        ActionResult missing = client.answer(PROFILE, ANSWER);
        assertThat(missing.data()).isNotNull();
        assertThat(missing.data().isNull()).isTrue();
        assertThat(missing.chatId()).isNull();
        assertThat(missing.description()).isEmpty();
    }

    @Test
    void unknownStatusAndUnknownFieldsArePassedThrough() throws Exception {
        FakeUpstream upstream = server().then(FakeUpstream.ok("""
                {"chat_id":"c","status":"action_waiting","step":"ACTION_QUEUE","description":"排队中",
                 "data":{"eta":5},"trace_id":"t-1","extra":{"k":[1,2]}}"""));

        ActionResult result = client(upstream.baseUrl()).answer(PROFILE, ANSWER);

        assertThat(result.status()).isEqualTo("action_waiting");
        assertThat(ActionStatus.of(result.status())).isEmpty();
        assertThat(result.step()).isEqualTo("ACTION_QUEUE");
        assertThat(result.description()).isEqualTo("排队中");
        assertThat(result.raw().get("trace_id").stringValue()).isEqualTo("t-1");
        assertThat(result.raw().get("extra").get("k").get(1).intValue()).isEqualTo(2);
    }

    @Test
    void httpStatusesBecomeTypedErrorsWithoutResending() throws Exception {
        assertFailsOnce(FakeUpstream.json(401, "{\"Code\":401,\"Msg\":\"token无效\"}"), Kind.UNAUTHORIZED, 401);
        assertFailsOnce(FakeUpstream.json(402, ""), Kind.QUOTA_EXHAUSTED, 402);
        assertFailsOnce(FakeUpstream.json(500, "oops"), Kind.SERVER_ERROR, 500);
        assertFailsOnce(FakeUpstream.json(503, ""), Kind.SERVER_ERROR, 503);
        assertFailsOnce(FakeUpstream.json(404, "not here"), Kind.SERVER_ERROR, 404);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aCodeOtherThan2000KeepsCodeAndMsg() throws Exception {
        ActionException e = assertFailsOnce(
                FakeUpstream.json(200, "{\"Code\":4000,\"Data\":null,\"Msg\":\"chat_id 不能为空\"}"), Kind.REJECTED, 4000);
        assertThat(e.upstreamMessage()).isEqualTo("chat_id 不能为空");
        assertThat(e.mayHaveRun()).isFalse();
    }

    @Test
    void aSuccessfulAnswerWhoseBodyIsNotTheEnvelopeIsMalformed() throws Exception {
        assertFailsOnce(FakeUpstream.json(200, "<html>gateway</html>"), Kind.MALFORMED_RESPONSE, 200);
        assertFailsOnce(FakeUpstream.json(200, "[1,2]"), Kind.MALFORMED_RESPONSE, 200);
        assertFailsOnce(FakeUpstream.json(200, "{\"code\":0,\"message\":\"ok\"}"), Kind.MALFORMED_RESPONSE, 200);
        assertFailsOnce(FakeUpstream.json(200, "{\"Code\":2000,\"Data\":[],\"Msg\":\"成功\"}"),
                Kind.MALFORMED_RESPONSE, 200);
        assertFailsOnce(FakeUpstream.json(200, "{\"Code\":2000,\"Data\":{\"chat_id\":\"c\"},\"Msg\":\"成功\"}"),
                Kind.MALFORMED_RESPONSE, 200);
        assertFailsOnce(FakeUpstream.json(200, ""), Kind.MALFORMED_RESPONSE, 200);
    }

    @Test
    void aReadTimeoutIsNeverResent() throws Exception {
        FakeUpstream upstream = server();
        upstream.then(upstream.silent());
        HttpActionClient client = client(upstream.baseUrl(), Duration.ofMillis(300), pauses::add);

        ActionException e = catchThrowableOfType(ActionException.class, () -> client.answer(PROFILE, ANSWER));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.mayHaveRun()).isTrue();
        assertThat(upstream.received()).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void anAnswerTricklingInSlowerThanTheReadTimeoutIsATimeoutNeverResent() throws Exception {
        FakeUpstream upstream = server();
        CountDownLatch never = new CountDownLatch(1);
        upstream.then(exchange -> {
            // Each byte comes well within the read timeout, the whole answer never does.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write(' ');
                    out.flush();
                    if (never.await(100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        });
        HttpActionClient client = client(upstream.baseUrl(), Duration.ofMillis(500), pauses::add);

        long started = System.nanoTime();
        ActionException e = catchThrowableOfType(ActionException.class, () -> client.answer(PROFILE, ANSWER));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.mayHaveRun()).isTrue();
        assertThat(e.getMessage()).contains("no answer in time");
        assertThat(tookMillis).as("ended by the read timeout, not by the end of the trickle").isLessThan(4000);
        assertThat(upstream.received()).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPooledConnectionThePlatformClosedIsNotUsedForTheNextCall() throws Exception {
        // A server that keeps each connection "alive" in its answer, then closes it without a word, as a gateway
        // does with idle connections; every call must still reach it once and be answered.
        String answer = "{\"Code\":2000,\"Data\":" + DONE + ",\"Msg\":\"成功\"}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        List<String> requests = new CopyOnWriteArrayList<>();
        BlockingQueue<Boolean> closed = new LinkedBlockingQueue<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().daemon(true).start(() -> {
                while (!listener.isClosed()) {
                    try (Socket socket = listener.accept()) {
                        InputStream in = socket.getInputStream();
                        String head = readHead(in);
                        String requestLine = head.lines().findFirst().orElse("");
                        int length = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                                .mapToInt(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
                        in.readNBytes(length);
                        requests.add(requestLine);
                        OutputStream out = socket.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + bytes.length + "\r\nConnection: keep-alive\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(bytes);
                        out.flush();
                    } catch (IOException e) {
                        // the listener was closed
                    }
                    closed.add(true);
                }
            });
            HttpActionClient client = client("http://127.0.0.1:" + listener.getLocalPort());

            for (int call = 1; call <= 3; call++) {
                assertThat(client.answer(PROFILE, ANSWER).status()).isEqualTo("action_done");
                assertThat(closed.poll(10, TimeUnit.SECONDS)).as("the server closed connection %d", call).isTrue();
            }

            assertThat(requests).hasSize(3);
            assertThat(pauses).isEmpty();
            client.close();
            listener.close();
            server.join(10_000);
        }
    }

    /** The request line and headers, up to the empty line, read byte by byte (the body follows in bytes). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    @Test
    void aConnectTimeoutOfTheHttpClientIsUnreachable() {
        URI uri = URI.create("http://10.0.0.1/v1");
        assertThat(HttpActionClient.transportFailure("v1", uri,
                new org.apache.hc.client5.http.ConnectTimeoutException("Connect timed out")).kind())
                .isEqualTo(Kind.UNREACHABLE);
        assertThat(HttpActionClient.transportFailure("v1", uri,
                new java.net.SocketTimeoutException("Read timed out")).kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void connectionRefusedIsRetriedWithExponentialBackoffThenUnreachable() throws Exception {
        String closed = "http://127.0.0.1:" + freePort();

        ActionException e = catchThrowableOfType(ActionException.class,
                () -> client(closed).startDialogue(PROFILE, "u", "hi"));

        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.mayHaveRun()).isFalse();
        assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void aRefusedAttemptIsRetriedAndTheRetryIsDelivered() throws Exception {
        int port = freePort();
        HttpActionClient client = client("http://127.0.0.1:" + port, Duration.ofSeconds(5), pause -> {
            pauses.add(pause);
            try {
                servers.add(new FakeUpstream(port).then(FakeUpstream.ok(DONE)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        ActionResult result = client.answer(PROFILE, ANSWER);

        assertThat(result.status()).isEqualTo("action_done");
        assertThat(pauses).hasSize(1);
        assertThat(servers.get(0).received()).hasSize(1);
    }

    @Test
    void http429IsRetriedWithinTheBound() throws Exception {
        FakeUpstream upstream = server()
                .then(FakeUpstream.json(429, ""))
                .then(FakeUpstream.json(429, ""))
                .then(FakeUpstream.ok(DONE));

        ActionResult result = client(upstream.baseUrl()).answer(PROFILE, ANSWER);

        assertThat(result.status()).isEqualTo("action_done");
        assertThat(upstream.received()).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void http429BeyondTheBoundIsRateLimited() throws Exception {
        FakeUpstream upstream = server().then(FakeUpstream.json(429, ""));

        ActionException e = catchThrowableOfType(ActionException.class,
                () -> client(upstream.baseUrl()).answer(PROFILE, ANSWER));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.code()).isEqualTo(429);
        assertThat(upstream.received()).hasSize(3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void anUnknownHostIsUnreachable() {
        HttpActionClient client = client("http://upstream.invalid");

        assertThatThrownBy(() -> client.startDialogue(PROFILE, "u", "hi"))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
    }

    @Test
    void aConnectTimeoutIsUnreachableAndAnyOtherBreakMayHaveRun() {
        URI uri = URI.create("http://10.0.0.1/v1");
        assertThat(HttpActionClient.transportFailure("v1", uri,
                new HttpConnectTimeoutException("connect timed out")).kind()).isEqualTo(Kind.UNREACHABLE);
        ActionException reset = HttpActionClient.transportFailure("v1", uri, new IOException("Connection reset"));
        assertThat(reset.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(reset.mayHaveRun()).isTrue();
    }

    @Test
    void theTokenNeverReachesTheLog(CapturedOutput output) throws Exception {
        FakeUpstream upstream = server().then(FakeUpstream.json(401, "")).then(FakeUpstream.ok(DONE));
        HttpActionClient client = client(upstream.baseUrl());

        ActionException e = catchThrowableOfType(ActionException.class, () -> client.answer(PROFILE, ANSWER));
        client.answer(PROFILE, ANSWER);

        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        assertThat(output.getAll()).contains("kind=UNAUTHORIZED").contains("chat_id=InNrOTE2N18")
                .doesNotContain(TOKEN).doesNotContain("你好");
    }

    private ActionException assertFailsOnce(FakeUpstream.Answer answer, Kind kind, int code) throws IOException {
        FakeUpstream upstream = server().then(answer);
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> client(upstream.baseUrl()).answer(PROFILE, ANSWER));
        assertThat(e).as("expected %s", kind).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.code()).isEqualTo(code);
        assertThat(upstream.received()).as("requests for %s", kind).hasSize(1);
        return e;
    }

    private static Set<String> names(JsonNode node) {
        return new TreeSet<>(node.propertyNames());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
