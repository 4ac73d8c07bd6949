package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class WeComClientsTest {

    private static final WeComProperties PROPERTIES =
            new WeComProperties(Duration.ofMinutes(5), DataSize.ofKilobytes(64), 3, Duration.ofMillis(10), 1, 10, Duration.ofMinutes(10));

    static BotConfig bot(String id, String corpId, Integer agentId, String secret, String token, String aesKey,
                         String apiBaseUrl) {
        return new BotConfig(id, Platform.WECOM, null, apiBaseUrl, corpId, agentId, secret, token, aesKey,
                null, null, null, null, null, null, null);
    }

    static BotConfig complete(String id, String apiBaseUrl) {
        return bot(id, WeComCallbackClient.CORP_ID, 1000002, "s3cret", "tok", WeComCallbackClient.AES_KEY, apiBaseUrl);
    }

    @Test
    void startUpFailsNamingTheBotAndEveryMissingOrMalformedKey() {
        BotConfig broken = bot("ops", " ", null, null, "", "too-short", "ftp://x");
        assertThatThrownBy(() -> new WeComClients(new BotRegistry(List.of(broken)), PROPERTIES, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bot 'ops': corp-id is missing")
                .hasMessageContaining("bot 'ops': agent-id")
                .hasMessageContaining("bot 'ops': secret is missing")
                .hasMessageContaining("bot 'ops': token is missing")
                .hasMessageContaining("bot 'ops': aes-key must be the 43-character EncodingAESKey")
                .hasMessageContaining("bot 'ops': api-base-url");
    }

    @Test
    void anAesKeyThatIsNotBase64IsRefused() {
        BotConfig bad = bot("hr", "ww1", 1, "s", "t", "!".repeat(43), null);
        assertThat(WeComClients.problems(bad)).singleElement().asString()
                .contains("bot 'hr'").contains("aes-key");
        assertThat(WeComClients.problems(complete("hr", null))).isEmpty();
    }

    @Test
    void otherPlatformsAreNotChecked() {
        BotConfig ding = new BotConfig("d", Platform.DINGTALK, null, null, null, null, null, null, null,
                "cid", "csecret", null, null, null, null, null);
        WeComClients clients = new WeComClients(new BotRegistry(List.of(ding)), PROPERTIES, Clock.systemUTC());
        assertThat(clients.connection("d")).isEmpty();
    }

    @Test
    void oneServicePerBotBuiltOnceAndRebuiltWhenItsConfigurationChanges() {
        BotConfig a = complete("a", "http://127.0.0.1:9");
        BotConfig b = complete("b", "http://127.0.0.1:10");
        WeComClients clients = new WeComClients(new BotRegistry(List.of(a, b)), PROPERTIES, Clock.systemUTC());

        assertThat(clients.service(a)).isSameAs(clients.service(a)).isNotSameAs(clients.service(b));
        assertThat(clients.config(a).getApiUrl("/cgi-bin/message/send")).isEqualTo("http://127.0.0.1:9/cgi-bin/message/send");
        BotConfig changed = complete("a", "http://127.0.0.1:11/");
        assertThat(clients.service(changed)).isNotSameAs(clients.service(a));
        assertThat(clients.config(changed).getApiUrl("/x")).isEqualTo("http://127.0.0.1:11/x");
        assertThatThrownBy(() -> clients.service(bot("c", null, 1, "s", "t", WeComCallbackClient.AES_KEY, null)))
                .hasMessageContaining("bot 'c': corp-id is missing");
    }

    @Test
    void anUnreachableApiIsRetriedBecauseNothingWasSentThenLoggedWithAHint(CapturedOutput output) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        BotConfig bot = complete("down", "http://127.0.0.1:" + closedPort);
        WeComClients clients = new WeComClients(new BotRegistry(List.of(bot)), PROPERTIES, Clock.systemUTC());
        WeComSender sender = new WeComSender(clients, PROPERTIES);

        boolean sent = sender.send(bot, "zhangsan", new WeComMessage.Markdown("hi"));

        assertThat(sent).isFalse();
        assertThat(output.getOut()).contains("attempt 1/3").contains("attempt 2/3")
                .contains("after 3 attempt(s)").contains("could not be reached");
        assertThat(clients.connection("down")).hasValueSatisfying(c -> {
            assertThat(c.connected()).isFalse();
            assertThat(c.lastError()).contains("could not be reached");
            assertThat(c.detail()).isEqualTo("http callback");
        });
    }

    @Test
    void manySendsGoOutAtOnceThroughThePoolAndAFullPoolIsWaitedForOnlyUpToItsTimeout() throws Exception {
        try (FakeWeComApi api = FakeWeComApi.start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            BotConfig bot = complete("busy", api.baseUrl());
            CountDownLatch gate = new CountDownLatch(1);
            api.holdSends(gate);
            // WxJava's own default pool has 10 connections per host and waits for one forever.
            int sends = 40;
            WeComClients clients = new WeComClients(new BotRegistry(List.of(bot)), PROPERTIES,
                    new WeComHttpProperties(sends, Duration.ofSeconds(5), Duration.ofSeconds(15),
                            Duration.ofMillis(300)), Clock.systemUTC());
            WeComSender sender = new WeComSender(clients, PROPERTIES);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < sends; i++) {
                String user = "u" + i;
                results.add(threads.submit(() -> sender.send(bot, user, new WeComMessage.Markdown("hi"))));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> api.requests(FakeWeComApi.SEND).size() == sends);

            assertThat(sender.send(bot, "one-too-many", new WeComMessage.Markdown("hi")))
                    .as("no connection free within the pool timeout: the send gives up instead of waiting").isFalse();
            gate.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void aWrongCorpIdOrSecretShowsTheBotDisconnectedWithTheErrcodeAndAHintUntilTheCredentialsWork(CapturedOutput output) {
        try (FakeWeComApi api = FakeWeComApi.start()) {
            api.requireCredentials(WeComCallbackClient.CORP_ID, "right-secret");
            BotConfig wrongCorp = bot("hr", "ww-wrong", 1000002, "right-secret", "tok", WeComCallbackClient.AES_KEY,
                    api.baseUrl());
            BotConfig wrongSecret = bot("ops", WeComCallbackClient.CORP_ID, 1000002, "wrong-secret-value", "tok",
                    WeComCallbackClient.AES_KEY, api.baseUrl());
            BotRegistry registry = new BotRegistry(List.of(wrongCorp, wrongSecret));
            WeComClients clients = new WeComClients(registry, PROPERTIES, Clock.systemUTC());
            WeComCredentialCheck check = new WeComCredentialCheck(registry, clients, Duration.ofMinutes(10));

            check.checkAll();

            assertThat(clients.connection("hr")).hasValueSatisfying(c -> {
                assertThat(c.connected()).isFalse();
                assertThat(c.lastError()).contains("errcode 40013").contains("corp-id is wrong");
            });
            assertThat(clients.connection("ops")).hasValueSatisfying(c -> {
                assertThat(c.connected()).isFalse();
                assertThat(c.lastError()).contains("errcode 40001").contains("secret is wrong");
            });
            assertThat(output).contains("WeCom bot 'hr': fetching an access token failed: errcode 40013")
                    .doesNotContain("wrong-secret-value").doesNotContain("right-secret");

            BotConfig fixed = bot("ops", WeComCallbackClient.CORP_ID, 1000002, "right-secret", "tok",
                    WeComCallbackClient.AES_KEY, api.baseUrl());
            registry.replace(List.of(wrongCorp, fixed));
            check.checkAll();

            assertThat(clients.connection("ops")).hasValueSatisfying(c -> {
                assertThat(c.connected()).isTrue();
                assertThat(c.lastError()).isNull();
            });
            assertThat(api.requests(FakeWeComApi.GET_TOKEN)).hasSize(4);
        }
    }

    @Test
    void anUnreachableApiIsReportedWithTheAddressItTried() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        BotConfig bot = complete("hr", "http://127.0.0.1:" + port);
        BotRegistry registry = new BotRegistry(List.of(bot));
        WeComClients clients = new WeComClients(registry, PROPERTIES, Clock.systemUTC());

        new WeComCredentialCheck(registry, clients, Duration.ofMinutes(10)).checkAll();

        assertThat(clients.connection("hr").orElseThrow().lastError())
                .startsWith("cannot reach http://127.0.0.1:" + port);
    }
}
