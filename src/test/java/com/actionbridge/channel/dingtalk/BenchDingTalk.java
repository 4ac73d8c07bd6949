package com.actionbridge.channel.dingtalk;

import java.util.List;

/**
 * The benchmark's DingTalk: the {@link FakeDingTalk} OpenAPI, session webhooks and Stream gateway, with messages
 * from {@link DingTalkFixtures} and HTTP callback signatures from {@link CallbackSignature}.
 */
public final class BenchDingTalk implements AutoCloseable {

    /** The organisation the messages come from. */
    public static final String CORP_ID = DingTalkFixtures.CORP;
    /** The robot code the messages name. */
    public static final String ROBOT_CODE = "robot";

    private final FakeDingTalk fake = FakeDingTalk.start();

    public String baseUrl() {
        return fake.baseUrl();
    }

    /** A one-to-one text message as DingTalk posts or pushes it, its replies going to the fake's webhook. */
    public String text(String msgId, String staffId, String content) {
        return DingTalkFixtures.oneToOne(msgId, staffId, content, fake.webhookUrl("bench"));
    }

    /** The same message with its replies going to the fake's session webhook named {@code webhook}. */
    public String text(String msgId, String staffId, String content, String webhook) {
        return DingTalkFixtures.oneToOne(msgId, staffId, content, fake.webhookUrl(webhook));
    }

    /** The bodies posted to the session webhook named {@code webhook}, oldest first. */
    public List<String> posted(String webhook) {
        String path = java.net.URI.create(fake.webhookUrl(webhook)).getPath();
        return fake.requests.stream().filter(r -> r.path().equals(path)).map(FakeDingTalk.Request::body).toList();
    }

    /** The {@code sign} header DingTalk sends with an HTTP callback at {@code timestamp} (epoch millis). */
    public static String sign(String timestamp, String clientSecret) {
        return CallbackSignature.sign(timestamp, clientSecret);
    }

    public int openConnections(String clientId) {
        return fake.openConnections(clientId);
    }

    /** Pushes a bot message frame to the Stream connection of {@code clientId}; returns the frame's messageId. */
    public String push(String clientId, String data) {
        return fake.pushTo(clientId, DingTalkStreamClients.BOT_TOPIC, data);
    }

    /** The frames the app acknowledged, by messageId. */
    /**
     * Forgets the recorded requests, so a long run does not grow the fake's memory. Acks are kept: the benchmark
     * takes each one as it reads it ({@link #takeAck}), and clearing them here could drop one not yet read.
     */
    public void forget() {
        fake.requests.clear();
    }

    /** Whether the client acked the frame {@code messageId}; an ack is taken once. */
    public boolean takeAck(String messageId) {
        return fake.acks.remove(messageId) != null;
    }

    @Override
    public void close() throws Exception {
        fake.close();
    }
}
