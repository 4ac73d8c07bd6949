package com.actionbridge.admin;

import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The recent-turns ring buffer: bounded per bot, newest first, text only when recording is on. */
class TurnLogTest {

    private static TurnRecord turn(String bot, int second, String text) {
        return new TurnRecord(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second),
                new SessionKey(bot, "c", "p" + second), text, "action_found", Duration.ofMillis(second), null);
    }

    @Test
    void keepsTheNewestTurnsPerBot() {
        TurnLog log = new TurnLog(3, false);
        for (int i = 0; i < 5; i++) {
            log.onTurn(turn("a", i, "secret words"));
        }
        log.onTurn(turn("b", 10, "other"));
        assertThat(log.recent("a", 100)).extracting(TurnLog.Entry::personId).containsExactly("p4", "p3", "p2");
        assertThat(log.recent("a", 100)).allSatisfy(e -> assertThat(e.text()).isNull());
        assertThat(log.recent(null, 2)).extracting(TurnLog.Entry::botId).containsExactly("b", "a");
        assertThat(log.recent("none", 10)).isEmpty();
    }

    @Test
    void keepsTextOnlyWhenAsked() {
        TurnLog log = new TurnLog(10, true);
        log.onTurn(turn("a", 1, "把你好发送到企业微信群机器人"));
        log.onTurn(turn("a", 2, null));
        assertThat(log.recent("a", 10)).extracting(TurnLog.Entry::text)
                .containsExactly(null, "把你好发送到企业微信群机器人");
        assertThat(log.recent("a", 10).get(1).latencyMs()).isEqualTo(1);
    }
}
