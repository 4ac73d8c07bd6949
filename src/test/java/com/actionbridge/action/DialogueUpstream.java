package com.actionbridge.action;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow upstream for process tests, on the {@link FakeUpstream}: a request finds one action, answering it shows a
 * preview, confirming the preview runs the action. Each application instance is given its own base URL
 * ({@link #baseUrl(String)}), so every call is known by the instance that made it; every v1 call is recorded.
 * Confirmations from one instance can be held (never answered) until {@link #release()}, to have them in flight.
 */
public final class DialogueUpstream implements AutoCloseable {

    /** One v1 call as the platform saw it; two equal ones are the same call made twice. */
    public record V1Call(String userId, String chatId, String status, String step, String content, String data) {
    }

    /** A recorded v1 call, the instance that made it and when it arrived ({@link System#nanoTime()}). */
    public record Seen(String instance, V1Call call, long nanos) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String V1 = HttpActionClient.V1_PATH;

    private final FakeUpstream fake;
    private final long latencyMillis;
    private final List<Seen> v1Calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger v2Calls = new AtomicInteger();
    private final List<String> v2Users = new CopyOnWriteArrayList<>();
    private final AtomicInteger held = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String holdConfirmsOf;

    /** Every call is answered after {@code latencyMillis}. */
    public DialogueUpstream(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        this.fake = new FakeUpstream().then((exchange, request) -> {
            String path = request.path();
            String instance = path.substring(1, path.indexOf('/', 1));
            JsonNode body = JSON.readTree(request.body());
            String answer = path.endsWith(V1) ? answerV1(instance, body) : found(body);
            FakeUpstream.ok(answer).respond(exchange);
        });
    }

    /** The base URL for the instance {@code instance} (a path segment). */
    public String baseUrl(String instance) {
        return fake.baseUrl() + "/" + instance;
    }

    /** From now on, confirmations made by {@code instance} are held until {@link #release()}. */
    public void holdConfirmationsOf(String instance) {
        holdConfirmsOf = instance;
    }

    /** Confirmations being held now. */
    public int held() {
        return held.get();
    }

    /** Answers the held confirmations (to whoever still listens) and holds no more. */
    public void release() {
        holdConfirmsOf = null;
        released.countDown();
    }

    public List<Seen> v1Calls() {
        return List.copyOf(v1Calls);
    }

    /** The user of each v2 call (a new dialogue), in arrival order. */
    public List<String> v2Users() {
        return List.copyOf(v2Users);
    }

    /** All calls, v1 and v2. */
    public int calls() {
        return v1Calls.size() + v2Calls.get();
    }

    private String found(JsonNode body) {
        int number = v2Calls.incrementAndGet();
        pause();
        String user = body.path("user_id").asString("");
        v2Users.add(user);
        ObjectNode data = dialogue("chat-" + user + "-" + number, "action_found", "ACTION_PREPARE", user,
                "根据您的需求已为您找到了以下匹配动作,请选择:");
        data.putArray("data").addObject().put("actionIdentkey", "send_text").put("actionName", "发送文本消息")
                .put("actionType", "action").put("actionkey", "send_text").put("appName", "企业微信群机器人")
                .put("appkey", "wecom_robot").put("description", "向群发送一条文本消息");
        return JSON.writeValueAsString(data);
    }

    private String answerV1(String instance, JsonNode body) {
        V1Call call = new V1Call(body.path("user_id").asString(""), body.path("chat_id").asString(""),
                body.path("status").asString(""), body.path("step").asString(""), body.path("content").asString(""),
                JSON.writeValueAsString(body.path("data")));
        v1Calls.add(new Seen(instance, call, System.nanoTime()));
        boolean confirmation = "action_preview".equals(call.status());
        if (confirmation && instance.equals(holdConfirmsOf)) {
            held.incrementAndGet();
            try {
                released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.decrementAndGet();
            }
        } else {
            pause();
        }
        ObjectNode data;
        if (confirmation) {
            data = dialogue(call.chatId(), "action_done", "ACTION_RUN", call.userId(), "动作执行成功");
            ObjectNode result = data.putObject("data");
            result.putObject("input").put("content", "你好");
            result.putNull("log_url");
            result.putObject("output").put("sendrst", true);
        } else {
            data = dialogue(call.chatId(), "action_preview", "ACTION_CONFIG", call.userId(), "请确认要发送的内容");
            data.putObject("data").putObject("input").put("content", "你好");
        }
        return JSON.writeValueAsString(data);
    }

    private static ObjectNode dialogue(String chatId, String status, String step, String user, String description) {
        ObjectNode data = JSON.createObjectNode();
        data.put("chat_id", chatId).put("status", status).put("step", step).put("user_id", user)
                .put("description", description);
        return data;
    }

    private void pause() {
        try {
            new CountDownLatch(1).await(latencyMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        fake.close();
    }
}
