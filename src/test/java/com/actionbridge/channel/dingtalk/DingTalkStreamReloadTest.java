package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reload of the {@code bots:} list moves the real app-stream-clients along, against the fake Stream gateway: a
 * stream bot added by the reload connects and answers, a removed one's connection closes and the bot disappears,
 * a bot whose client-secret changed reconnects with the new secret, and an untouched bot keeps its connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "actionbridge.upstream.sandbox=true", "actionbridge.admin.token=" + DingTalkStreamReloadTest.TOKEN,
        "spring.config.import=optional:file:" + DingTalkStreamReloadTest.FILE})
@DirtiesContext
class DingTalkStreamReloadTest {

    static final String TOKEN = "stream-reload-token-0123456789abcdef";
    static final String FILE = "target/dingtalk-reload-test/bots.yml";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final FakeDingTalk FAKE = startWithFirstBots();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FakeDingTalk startWithFirstBots() {
        FakeDingTalk fake = FakeDingTalk.start();
        write("bots:\n" + bot("keep", "secret-keep", "Keep") + bot("gone", "secret-gone", "Gone")
                + bot("rotate", "secret-old", "Rotate"), fake);
        return fake;
    }

    private static String bot(String id, String secret, String name) {
        return """
                  - id: %s
                    name: %s
                    platform: dingtalk
                    mode: stream
                    client-id: client-%s
                    client-secret: %s
                    api-base-url: BASE_URL
                """.formatted(id, name, id, secret);
    }

    private static void write(String yaml, FakeDingTalk fake) {
        try {
            Path path = Path.of(FILE);
            Files.createDirectories(path.getParent());
            Files.writeString(path, yaml.replace("BASE_URL", fake.baseUrl()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopFake() throws Exception {
        FAKE.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DingTalkStreamClients connections;

    private boolean connected(String botId) {
        return connections.connection(botId).map(BotConnection::connected).orElse(false);
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api" + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("")).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void reloadOpensStopsAndRestartsStreamClientsAndLeavesTheOthersAlone() throws Exception {
        await().atMost(WAIT).until(() -> connected("keep") && connected("gone") && connected("rotate"));
        assertThat(FAKE.openCalls("client-keep")).hasSize(1);
        assertThat(FAKE.openConnections("client-gone")).isEqualTo(1);

        // keep: only its name changes; gone: removed; rotate: new secret; fresh: new.
        write("bots:\n" + bot("keep", "secret-keep", "Keep renamed") + bot("rotate", "secret-new", "Rotate")
                + bot("fresh", "secret-fresh", "Fresh"), FAKE);
        HttpResponse<String> reload = admin("POST", "/reload");
        assertThat(reload.statusCode()).isEqualTo(200);
        JsonNode outcome = FakeDingTalk.JSON.readTree(reload.body());
        assertThat(outcome.get("applied").asBoolean()).isTrue();
        assertThat(outcome.get("added").toString()).isEqualTo("[\"fresh\"]");
        assertThat(outcome.get("removed").toString()).isEqualTo("[\"gone\"]");
        assertThat(outcome.get("changed").toString()).isEqualTo("[\"keep\",\"rotate\"]");
        assertThat(outcome.get("restartRequired").size()).as("nothing waits for a restart").isZero();

        // The new bot connects and answers a message pushed to it.
        // Connected on both ends: the client's session is up and the gateway knows whose connection it is.
        await().atMost(WAIT).until(() -> connected("fresh") && FAKE.openConnections("client-fresh") == 1);
        assertThat(FAKE.openCalls("client-fresh").get(0).path("subscriptions").toString())
                .contains(DingTalkStreamClients.BOT_TOPIC);
        String hook = FAKE.webhookUrl("fresh-" + UUID.randomUUID());
        String pushed = FAKE.pushTo("client-fresh", DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.oneToOne(
                "fr-" + UUID.randomUUID(), "fiona", "把你好发送到企业微信群机器人", hook));
        await().atMost(WAIT).until(() -> FAKE.acks.containsKey(pushed));
        String hookPath = URI.create(hook).getPath();
        await().atMost(WAIT).until(() -> FAKE.requests(hookPath).size() == 1);
        assertThat(FAKE.requests(hookPath).get(0).json().path("msgtype").asString()).isNotEmpty();

        // The removed bot's connection is closed and the bot is gone from the bots API and the connection state.
        await().atMost(WAIT).until(() -> FAKE.openConnections("client-gone") == 0);
        assertThat(connections.connection("gone")).isEmpty();
        HttpResponse<String> bots = admin("GET", "/bots");
        assertThat(bots.statusCode()).isEqualTo(200);
        assertThat(bots.body()).contains("\"fresh\"").doesNotContain("\"gone\"");

        // The bot with a new secret opened the gateway again with it, and only its new connection is left.
        await().atMost(WAIT).until(() -> FAKE.openCalls("client-rotate").size() == 2);
        assertThat(FAKE.openCalls("client-rotate").get(0).path("clientSecret").asString()).isEqualTo("secret-old");
        assertThat(FAKE.openCalls("client-rotate").get(1).path("clientSecret").asString()).isEqualTo("secret-new");
        await().atMost(WAIT).until(() -> FAKE.openConnections("client-rotate") == 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(connections.connection("rotate")).hasValueSatisfying(
                c -> assertThat(c.connected()).as(c.toString()).isTrue()));

        // The renamed bot kept its one connection: no second gateway call, still connected, still answering.
        assertThat(FAKE.openCalls("client-keep")).hasSize(1);
        assertThat(FAKE.openConnections("client-keep")).isEqualTo(1);
        assertThat(connected("keep")).isTrue();
        String keepHook = FAKE.webhookUrl("keep-" + UUID.randomUUID());
        FAKE.pushTo("client-keep", DingTalkStreamClients.BOT_TOPIC, DingTalkFixtures.oneToOne(
                "kp-" + UUID.randomUUID(), "karl", "把你好发送到企业微信群机器人", keepHook));
        String keepPath = URI.create(keepHook).getPath();
        await().atMost(WAIT).until(() -> FAKE.requests(keepPath).size() == 1);
        assertThat(FAKE.openCalls("client-keep")).hasSize(1);
    }
}
