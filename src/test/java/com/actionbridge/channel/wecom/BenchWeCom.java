package com.actionbridge.channel.wecom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's WeCom: the {@link FakeWeComApi} that takes the app's sends, and callbacks encrypted and signed
 * by {@link WeComCallbackClient} as WeCom does.
 */
public final class BenchWeCom implements AutoCloseable {

    /** One signed text callback: the query string and the XML body. */
    public record Callback(String query, byte[] body) {
    }

    public static final String CORP_ID = WeComCallbackClient.CORP_ID;
    public static final int AGENT_ID = WeComCallbackClient.AGENT_ID;
    public static final String TOKEN = WeComCallbackClient.TOKEN;
    public static final String AES_KEY = WeComCallbackClient.AES_KEY;

    private final FakeWeComApi api = FakeWeComApi.start();
    private final WeComCallbackClient signer = new WeComCallbackClient(0);
    /** Each send's recipient, read once (waits poll the sends often). */
    private final Map<FakeWeComApi.Request, String> recipients = new ConcurrentHashMap<>();

    public String apiBaseUrl() {
        return api.baseUrl();
    }

    /** A text message from {@code from}, encrypted and signed as WeCom sends it. */
    public Callback text(String from, long msgId, String content) {
        WeComCallbackClient.Signed signed = signer.sign(WeComCallbackClient.text(from, msgId, content));
        String query = "msg_signature=" + enc(signed.signature()) + "&timestamp=" + enc(signed.timestamp())
                + "&nonce=" + enc(signed.nonce());
        return new Callback(query, WeComCallbackClient.envelope(signed, CORP_ID).getBytes(StandardCharsets.UTF_8));
    }

    /** The bodies of the messages sent to {@code user}, oldest first. */
    public List<String> sentTo(String user) {
        return api.requests(FakeWeComApi.SEND).stream()
                .filter(r -> user.equals(recipients.computeIfAbsent(r, BenchWeCom::recipient)))
                .map(FakeWeComApi.Request::body).toList();
    }

    private static String recipient(FakeWeComApi.Request send) {
        var json = send.json();
        return json.has("touser") ? json.get("touser").getAsString() : "";
    }

    public int sends() {
        return api.requests(FakeWeComApi.SEND).size();
    }

    /** Forgets the recorded requests, so a long run does not grow the fake's memory. */
    public void forget() {
        api.reset();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        api.close();
    }
}
