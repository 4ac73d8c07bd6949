package com.actionbridge.channel.wecom;

import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Plays WeCom's part toward our callback URL: encrypts and signs messages as WeCom does, with WxJava. */
final class WeComCallbackClient {

    static final String CORP_ID = "ww0123456789abcdef";
    static final int AGENT_ID = 1000002;
    static final String TOKEN = "cbToken42";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    record Signed(String encrypt, String signature, String timestamp, String nonce) {
    }

    /** Configures bot {@code ops}, a WeCom app whose callbacks this client signs, sending to {@code apiBaseUrl}. */
    static void registerOps(DynamicPropertyRegistry registry, Supplier<Object> apiBaseUrl) {
        registry.add("bots[0].id", () -> "ops");
        registry.add("bots[0].platform", () -> "wecom");
        registry.add("bots[0].corp-id", () -> CORP_ID);
        registry.add("bots[0].agent-id", () -> AGENT_ID);
        registry.add("bots[0].secret", () -> "app-secret-value");
        registry.add("bots[0].token", () -> TOKEN);
        registry.add("bots[0].aes-key", () -> AES_KEY);
        registry.add("bots[0].api-base-url", apiBaseUrl);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final WxCpCryptUtil crypt;

    WeComCallbackClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(CORP_ID);
        config.setToken(TOKEN);
        config.setAesKey(AES_KEY);
        config.setAgentId(AGENT_ID);
        this.crypt = new WxCpCryptUtil(config);
    }

    static String text(String from, long msgId, String content) {
        return "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + now() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId><AgentID>" + AGENT_ID
                + "</AgentID></xml>";
    }

    static String click(String from, String taskId, String key, String responseCode) {
        return "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + now() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[" + key + "]]></EventKey>"
                + "<TaskId><![CDATA[" + taskId + "]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>"
                + "<ResponseCode><![CDATA[" + responseCode + "]]></ResponseCode><AgentID>" + AGENT_ID
                + "</AgentID></xml>";
    }

    static String image(String from, long msgId) {
        return "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + now() + "</CreateTime><MsgType><![CDATA[image]]></MsgType>"
                + "<PicUrl><![CDATA[http://p.example/1.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>"
                + "<MsgId>" + msgId + "</MsgId><AgentID>" + AGENT_ID + "</AgentID></xml>";
    }

    static String enterAgent(String from, long createTime) {
        return "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>" + AGENT_ID
                + "</AgentID></xml>";
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    Signed sign(String plainXml) {
        var ec = crypt.encryptContext(plainXml);
        return new Signed(ec.getEncrypt(), ec.getSignature(), ec.getTimeStamp(), ec.getNonce());
    }

    /** Encrypted and signed with this bot's token and key, but for another corp (the receiver id WeCom appends). */
    Signed signFor(String corpId, String plainXml) {
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(corpId);
        config.setToken(TOKEN);
        config.setAesKey(AES_KEY);
        var ec = new WxCpCryptUtil(config).encryptContext(plainXml);
        return new Signed(ec.getEncrypt(), ec.getSignature(), ec.getTimeStamp(), ec.getNonce());
    }

    /**
     * A well-signed ciphertext with this bot's key whose 4-byte length field says {@code lengthField} whatever the
     * message really is: what a forger who has the key, or a broken sender, might produce.
     */
    static Signed signWithLengthField(String plainXml, int lengthField) throws Exception {
        byte[] msg = plainXml.getBytes(StandardCharsets.UTF_8);
        byte[] corp = CORP_ID.getBytes(StandardCharsets.UTF_8);
        int unpadded = 16 + 4 + msg.length + corp.length;
        int pad = 32 - unpadded % 32;
        java.nio.ByteBuffer plain = java.nio.ByteBuffer.allocate(unpadded + pad);
        plain.put(new byte[16]).putInt(lengthField).put(msg).put(corp);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        byte[] key = java.util.Base64.getDecoder().decode(AES_KEY + "=");
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.IvParameterSpec(java.util.Arrays.copyOfRange(key, 0, 16)));
        String encrypt = java.util.Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        String ts = Long.toString(now());
        String nonce = "n" + System.nanoTime();
        return new Signed(encrypt, SHA1.gen(TOKEN, ts, nonce, encrypt), ts, nonce);
    }

    /** The same ciphertext signed for another timestamp (what a replay with a forged time would need). */
    Signed resignAt(Signed signed, long timestamp) {
        String ts = Long.toString(timestamp);
        return new Signed(signed.encrypt(), SHA1.gen(TOKEN, ts, signed.nonce(), signed.encrypt()), ts, signed.nonce());
    }

    static String envelope(Signed signed, String toUser) {
        return envelope(signed, toUser, AGENT_ID);
    }

    static String envelope(Signed signed, String toUser, int agentId) {
        return "<xml><ToUserName><![CDATA[" + toUser + "]]></ToUserName><AgentID><![CDATA[" + agentId
                + "]]></AgentID><Encrypt><![CDATA[" + signed.encrypt() + "]]></Encrypt></xml>";
    }

    HttpResponse<String> post(String botId, String plainXml) throws IOException, InterruptedException {
        Signed signed = sign(plainXml);
        return post(botId, signed, envelope(signed, CORP_ID));
    }

    HttpResponse<String> post(String botId, Signed signed, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(botId, signed, null))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** A body sent chunked, without a Content-Length, so the size check must count what it reads. */
    HttpResponse<String> postChunked(String botId, Signed signed, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(botId, signed, null))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    }

    HttpResponse<String> verifyUrl(String botId, String echoPlain) throws IOException, InterruptedException {
        Signed signed = sign(echoPlain);
        return verifyUrl(botId, signed);
    }

    HttpResponse<String> verifyUrl(String botId, Signed signed) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(botId, signed, signed.encrypt())).GET().build());
    }

    private URI uri(String botId, Signed s, String echostr) {
        String q = "msg_signature=" + enc(s.signature()) + "&timestamp=" + enc(s.timestamp()) + "&nonce=" + enc(s.nonce())
                + (echostr == null ? "" : "&echostr=" + enc(echostr));
        return URI.create(baseUrl + "/callback/wecom/" + botId + "?" + q);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
