package com.actionbridge.store;

import com.actionbridge.admin.TurnLog;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnRecord;
import com.actionbridge.store.memory.MemoryTurnLog;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.store.redis.RedisTurnLog;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The recent-turns log: bounded per bot, newest first, text only when asked, naming the instance. */
class TurnLogContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    static TurnRecord turn(String bot, int second, String text) {
        return new TurnRecord(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second),
                new SessionKey(bot, "c", "p" + second), text, "action_found", Duration.ofMillis(second), null);
    }

    abstract class Contract {

        abstract TurnLog create(int perBot, boolean recordText, String instance);

        @Test
        void keepsTheNewestTurnsPerBot() {
            TurnLog log = create(3, false, "i1");
            for (int i = 0; i < 5; i++) {
                log.onTurn(turn("a", i, "secret words"));
            }
            log.onTurn(turn("b", 10, "other"));
            assertThat(log.recent("a", 100)).extracting(TurnLog.Entry::personId).containsExactly("p4", "p3", "p2");
            assertThat(log.recent("a", 100)).allSatisfy(e -> assertThat(e.text()).isNull());
            assertThat(log.recent(null, 2)).extracting(TurnLog.Entry::botId).containsExactly("b", "a");
            assertThat(log.recent("none", 10)).isEmpty();
            assertThat(log.recent("a", 1)).singleElement().extracting(TurnLog.Entry::instance).isEqualTo("i1");
        }

        @Test
        void keepsTextOnlyWhenAsked() {
            TurnLog log = create(10, true, "i1");
            log.onTurn(turn("a", 1, "把你好发送到企业微信群机器人"));
            log.onTurn(turn("a", 2, null));
            assertThat(log.recent("a", 10)).extracting(TurnLog.Entry::text)
                    .containsExactly(null, "把你好发送到企业微信群机器人");
            assertThat(log.recent("a", 10).get(1).latencyMs()).isEqualTo(1);
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        TurnLog create(int perBot, boolean recordText, String instance) {
            return new MemoryTurnLog(perBot, recordText, () -> instance);
        }
    }

    @Nested
    class Redis extends Contract {
        private final RedisKeys keys = new RedisKeys("test" + System.nanoTime() + ":");

        @Override
        TurnLog create(int perBot, boolean recordText, String instance) {
            return new RedisTurnLog(REDIS.server().template(), keys, perBot, recordText, () -> instance);
        }

        @Test
        void showsTheTurnsOfEveryInstanceWithWhoServedThem() {
            TurnLog a = create(10, false, "host-a:8080");
            TurnLog b = create(10, false, "host-b:8080");
            a.onTurn(turn("x", 1, null));
            b.onTurn(turn("x", 2, null));
            assertThat(a.recent("x", 10)).extracting(TurnLog.Entry::instance)
                    .containsExactly("host-b:8080", "host-a:8080");
            assertThat(b.recent(null, 10)).hasSize(2);
        }
    }
}
