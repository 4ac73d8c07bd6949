package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.DingTalkMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Stream bot whose gateway refuses connections: one log line per attempt naming the bot and the next attempt,
 * no stack traces, and a reconnect counter that counts the attempts after the first.
 */
@ExtendWith(OutputCaptureExtension.class)
class DingTalkStreamRefusedTest {

    @Test
    void everyRefusedAttemptIsOneLineWithTheBotAndTheNextAttemptAndIsCounted(CapturedOutput output) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ScriptedConversations engine = new ScriptedConversations();
        BotConfig bot = DingTalkFixtures.bot("ops-refused", DingTalkMode.STREAM, null, "http://127.0.0.1:" + port);
        try (TestChannel channel = new TestChannel(engine, DingTalkProperties.defaults(), bot)) {
            channel.streams.start();

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    channel.streams.connection("ops-refused").orElseThrow().reconnects() >= 2);

            BotConnection state = channel.streams.connection("ops-refused").orElseThrow();
            assertThat(state.connected()).isFalse();
            assertThat(state.lastError()).contains("ConnectException");
            List<String> lines = output.getAll().lines().toList();
            List<String> attempts = lines.stream().filter(l -> l.contains("Stream connection attempt")).toList();
            assertThat(attempts).hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(l)
                    .contains("DingTalk bot ops-refused").contains("failed").contains("next attempt in 5s"));
            assertThat(attempts.get(0)).contains("attempt 1 ");
            assertThat(state.reconnects()).isBetween(attempts.size() - 1L, attempts.size() + 1L);
            assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.contains("establish connection failed"));
            assertThat(output.getAll()).doesNotContain(bot.clientSecret());
        } finally {
            engine.shutdown();
        }
    }
}
