package com.actionbridge.channel.wecomaibot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays WeCom's part for an AI bot in API mode, as the developer notes describe it: encrypts and signs callbacks
 * toward our callback URL, checks and decrypts each answer (signature, the callback's own nonce and timestamp),
 * polls an unfinished stream with refresh callbacks about once a second until it finishes (or six minutes after
 * the message), delivers clicks with a 5 s deadline (an answer later than that is dropped), applies card updates,
 * and hosts the one-use {@code response_url}s: the first post is accepted, any later one fails, and a template
 * card is refused in group chats. Everything is recorded.
 */
final class FakeWeComAiBot implements AutoCloseable {

    static final String TOKEN = "aibotToken7";
    static final String AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
    static final String AIBOT_ID = "aibTEST0001";
    static final Duration POLL_EVERY = Duration.ofSeconds(1);
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(6);
    static final Duration CLICK_DEADLINE = Duration.ofSeconds(5);
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A signed callback, ready to (re)deliver. */
    record Signed(String body, String signature, String timestamp, String nonce) {
    }

    /** One callback and what came back: status, the decrypted answer (null when empty), or dropped. */
    record Exchange(JsonNode callback, int status, JsonNode answer, boolean dropped) {
        boolean empty() {
            return status == 200 && answer == null;
        }

        /** The code of the callback's response_url: the posts that follow it carry it. */
        String responseCode() {
            return callback.path("response_url").asString("").replaceFirst("^.*response_code=", "");
        }
    }

    /** One post to a response_url and whether it was accepted. */
    record Post(String code, boolean group, JsonNode body, boolean accepted) {
        String markdown() {
            return body.path("markdown").path("content").asString("");
        }
    }

    /** A message sent to the bot: the answers to it and its refreshes; done when its stream finished. */
    static final class Message {
        final String msgId;
        final String chatId;
        final String userId;
        final String responseCode;
        final Signed signed;
        final Instant sent;
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        final CompletableFuture<JsonNode> finished = new CompletableFuture<>();

        Message(JsonNode callback, Signed signed, Instant sent) {
            this.msgId = callback.path("msgid").asString();
            this.chatId = callback.path("chatid").asString(null);
            this.userId = callback.path("from").path("userid").asString();
            this.responseCode = new Exchange(callback, 0, null, false).responseCode();
            this.signed = signed;
            this.sent = sent;
        }

        JsonNode awaitFinished() throws Exception {
            return finished.get(30, TimeUnit.SECONDS);
        }

        long refreshes() {
            return exchanges.stream().filter(e -> e.callback().path("msgtype").asString("").equals("stream")).count();
        }
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fake-wecom-aibot-poller");
        t.setDaemon(true);
        return t;
    });
    private final AiBotCrypto crypto = new AiBotCrypto(TOKEN, AES_KEY);
    private final Map<String, Boolean> responseCodes = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> cards = new ConcurrentHashMap<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String callbackUrl;
    private volatile Clock clock = Clock.systemUTC();

    static FakeWeComAiBot start() {
        try {
            return new FakeWeComAiBot();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake", e);
        }
    }

    private FakeWeComAiBot() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cgi-bin/aibot/response", this::responseUrl);
        server.start();
    }

    /** Configures the app under test with an AI bot {@code botId} of this fake, and the embedded sandbox upstream. */
    void registerBot(DynamicPropertyRegistry registry, String botId) {
        registry.add("bots[0].id", () -> botId);
        registry.add("bots[0].platform", () -> "wecom-aibot");
        registry.add("bots[0].token", () -> TOKEN);
        registry.add("bots[0].aes-key", () -> AES_KEY);
        registry.add("bots[0].bot-id", () -> AIBOT_ID);
        registry.add("bots[0].api-base-url", this::baseUrl);
        registry.add("actionbridge.upstream.base-url", () -> "");
        registry.add("actionbridge.upstream.sandbox", () -> "true");
    }

    /** The bot's API host: response_urls point here. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where the callbacks go, e.g. {@code http://127.0.0.1:port/callback/wecom-aibot/team-bot}. */
    void callbackUrl(String url) {
        this.callbackUrl = url;
    }

    void clock(Clock clock) {
        this.clock = clock;
    }

    List<Exchange> exchanges() {
        return exchanges;
    }

    List<Post> posts() {
        return posts;
    }

    /** The posts to the response_url of the callback with this response code. */
    List<Post> posts(String responseCode) {
        return posts.stream().filter(p -> p.code().equals(responseCode)).toList();
    }

    /** The card with this task id as the chat shows it now (after updates). */
    JsonNode card(String taskId) {
        return cards.get(taskId);
    }

    // ---- callbacks ------------------------------------------------------------------------------------------

    /** Someone writes {@code text} to the bot (in the group {@code chatId}, or one to one when it is null). */
    Message text(String chatId, String userId, String text) throws Exception {
        ObjectNode callback = base(chatId, userId, true);
        callback.put("msgtype", "text");
        callback.putObject("text").put("content", text);
        return deliver(callback);
    }

    /** A message type the bot cannot read (single chats: image). */
    Message image(String userId) throws Exception {
        ObjectNode callback = base(null, userId, true);
        callback.put("msgtype", "image");
        callback.putObject("image").put("url", baseUrl() + "/media/1");
        return deliver(callback);
    }

    /** Sends a message and follows its stream: polls about once a second until it finishes. */
    Message deliver(ObjectNode callback) throws Exception {
        Signed signed = sign(callback);
        Message message = new Message(callback, signed, clock.instant());
        Exchange first = exchange(signed);
        message.exchanges.add(first);
        follow(message, first);
        return message;
    }

    /** WeCom's retry of a callback: the very same signed request again. */
    Exchange redeliver(Signed signed) throws Exception {
        return exchange(signed);
    }

    /** A click on a card's button, answered within WeCom's 5 s or dropped; an update replaces the card. */
    Exchange click(String chatId, String userId, String taskId, String key) throws Exception {
        return exchange(sign(clickCallback(chatId, userId, taskId, key)));
    }

    ObjectNode clickCallback(String chatId, String userId, String taskId, String key) {
        ObjectNode callback = base(chatId, userId, true);
        callback.put("create_time", clock.instant().getEpochSecond());
        callback.put("msgtype", "event");
        ObjectNode event = callback.putObject("event");
        event.put("eventtype", "template_card_event");
        ObjectNode click = event.putObject("template_card_event");
        click.put("card_type", "button_interaction");
        click.put("event_key", key);
        click.put("task_id", taskId);
        return callback;
    }

    Exchange event(String chatId, String userId, String eventType, ObjectNode payload, boolean withResponseUrl)
            throws Exception {
        ObjectNode callback = base(chatId, userId, withResponseUrl);
        callback.put("create_time", clock.instant().getEpochSecond());
        callback.put("msgtype", "event");
        ObjectNode event = callback.putObject("event");
        event.put("eventtype", eventType);
        if (payload != null) {
            event.set(eventType, payload);
        }
        return exchange(sign(callback));
    }

    /** A stream refresh as WeCom sends it (no response_url). */
    Exchange refresh(String chatId, String userId, String streamId) throws Exception {
        ObjectNode callback = base(chatId, userId, false);
        callback.put("msgtype", "stream");
        callback.putObject("stream").put("id", streamId);
        return exchange(sign(callback));
    }

    ObjectNode base(String chatId, String userId, boolean withResponseUrl) {
        ObjectNode callback = JSON.createObjectNode();
        callback.put("msgid", "msg-" + ids.incrementAndGet() + "-" + UUID.randomUUID());
        callback.put("aibotid", AIBOT_ID);
        if (chatId != null) {
            callback.put("chatid", chatId);
        }
        callback.put("chattype", chatId == null ? "single" : "group");
        callback.putObject("from").put("userid", userId);
        if (withResponseUrl) {
            String code = "rc-" + UUID.randomUUID();
            responseCodes.put(code, chatId != null);
            callback.put("response_url", baseUrl() + "/cgi-bin/aibot/response?response_code=" + code);
        }
        return callback;
    }

    /** Encrypts and signs {@code json} as WeCom does, timestamped now. */
    Signed sign(Object json) {
        return sign(json instanceof String s ? s : JSON.writeValueAsString(json), clock.instant().getEpochSecond());
    }

    Signed sign(String plain, long timestamp) {
        return signEncrypted(crypto.encrypt(plain), timestamp);
    }

    /** Any ciphertext in the envelope, signed correctly: for callbacks that only the decryption may refuse. */
    Signed signEncrypted(String encrypt, long timestamp) {
        String ts = Long.toString(timestamp);
        String nonce = "n" + ids.incrementAndGet();
        String body = JSON.writeValueAsString(Map.of("encrypt", encrypt));
        return new Signed(body, crypto.sign(ts, nonce, encrypt), ts, nonce);
    }

    /** Posts a signed callback and reads the answer; the answer must be sealed with this callback's nonce. */
    Exchange exchange(Signed signed) throws Exception {
        JsonNode callback = JSON.readTree(crypto.decrypt(JSON.readTree(signed.body()).path("encrypt").asString()));
        HttpResponse<String> response;
        try {
            response = post(signed.signature(), signed.timestamp(), signed.nonce(), signed.body(), CLICK_DEADLINE);
        } catch (HttpTimeoutException e) {
            Exchange dropped = new Exchange(callback, 0, null, true);
            exchanges.add(dropped);
            return dropped;
        }
        JsonNode answer = null;
        if (response.statusCode() == 200 && !response.body().isEmpty()) {
            JsonNode sealed = JSON.readTree(response.body());
            String encrypt = sealed.path("encrypt").asString();
            if (!sealed.path("nonce").asString().equals(signed.nonce())
                    || !sealed.path("timestamp").asString().equals(signed.timestamp())
                    || !crypto.verify(sealed.path("msgsignature").asString(), signed.timestamp(), signed.nonce(),
                    encrypt)) {
                throw new AssertionError("answer not sealed with the callback's nonce, timestamp and signature: "
                        + response.body());
            }
            answer = JSON.readTree(crypto.decrypt(encrypt));
            apply(answer);
        }
        Exchange exchange = new Exchange(callback, response.statusCode(), answer, false);
        exchanges.add(exchange);
        return exchange;
    }

    /** A raw request to the callback URL, for refusals: any query values, any body. */
    HttpResponse<String> post(String signature, String timestamp, String nonce, String body, Duration timeout)
            throws IOException, InterruptedException {
        String query = "msg_signature=" + enc(signature) + "&timestamp=" + enc(timestamp) + "&nonce=" + enc(nonce);
        return http.send(HttpRequest.newBuilder(URI.create(callbackUrl + "?" + query)).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** URL verification, as WeCom does when the admin saves the callback settings. */
    HttpResponse<String> verifyUrl(String echoPlain) throws IOException, InterruptedException {
        String echostr = crypto.encrypt(echoPlain);
        String ts = Long.toString(clock.instant().getEpochSecond());
        String nonce = "v" + ids.incrementAndGet();
        String query = "msg_signature=" + enc(crypto.sign(ts, nonce, echostr)) + "&timestamp=" + ts + "&nonce="
                + nonce + "&echostr=" + enc(echostr);
        return http.send(HttpRequest.newBuilder(URI.create(callbackUrl + "?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    void reset() {
        exchanges.clear();
        posts.clear();
        cards.clear();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        server.stop(0);
    }

    private void follow(Message message, Exchange last) {
        JsonNode stream = last.answer() == null ? null : last.answer().path("stream");
        if (last.status() != 200 || stream == null || stream.isMissingNode()) {
            message.finished.complete(last.answer());
            return;
        }
        if (stream.path("finish").asBoolean(false)) {
            message.finished.complete(last.answer());
            return;
        }
        if (Duration.between(message.sent, clock.instant()).compareTo(STREAM_LIFETIME) > 0) {
            message.finished.completeExceptionally(new AssertionError("stream still open after six minutes"));
            return;
        }
        String streamId = stream.path("id").asString();
        poller.schedule(() -> {
            try {
                Exchange next = refresh(message.chatId, message.userId, streamId);
                message.exchanges.add(next);
                follow(message, next);
            } catch (Exception | AssertionError e) {
                message.finished.completeExceptionally(e);
            }
        }, POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void apply(JsonNode answer) {
        JsonNode card = answer.path("template_card");
        if (card.isObject()) {
            cards.put(card.path("task_id").asString(), card);
        }
    }

    private void responseUrl(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String code = query == null ? "" : query.replaceFirst("^.*response_code=", "");
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        Boolean group = responseCodes.remove(code);
        boolean accepted = group != null
                && !(group && body.path("msgtype").asString("").equals("template_card"));
        posts.add(new Post(code, Boolean.TRUE.equals(group), body, accepted));
        if (accepted && body.path("template_card").isObject()) {
            cards.put(body.path("template_card").path("task_id").asString(), body.path("template_card"));
        }
        byte[] answer = (accepted ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
                : "{\"errcode\":40058,\"errmsg\":\"invalid response_code or msgtype\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
