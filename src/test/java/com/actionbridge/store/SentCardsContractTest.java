package com.actionbridge.store;

import com.actionbridge.channel.dingtalk.ReplyTarget;
import com.actionbridge.channel.dingtalk.SentCard;
import com.actionbridge.channel.dingtalk.SentCards;
import com.actionbridge.store.memory.MemorySentCards;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.store.redis.RedisSentCards;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DingTalk's sent-card bookkeeping, in memory and on a real Redis alike. */
class SentCardsContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    static SentCard card(String id) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("title", "找到 2 个动作");
        params.put("buttons", "[{\"id\":\"b1\",\"label\":\"发送\",\"token\":\"t1\"}]");
        return new SentCard(id, "ops", new ReplyTarget(true, "cidG", "alice", "Alice", "https://hook", 1234L), params);
    }

    abstract class Contract {

        abstract SentCards create(Duration retention);

        @Test
        void remembersCardsAndTheNewestPerPerson() {
            SentCards cards = create(Duration.ofHours(1));
            cards.put(card("ab-1"));
            assertThat(cards.find("ab-1")).contains(card("ab-1"));
            assertThat(cards.find("ab-2")).isEmpty();
            cards.putLatest("ops/cidG/alice", "ab-1");
            assertThat(cards.latest("ops/cidG/alice")).contains("ab-1");
            cards.putLatest("ops/cidG/alice", "ab-2");
            assertThat(cards.latest("ops/cidG/alice")).contains("ab-2");
            cards.forget("ab-1");
            assertThat(cards.find("ab-1")).isEmpty();
        }

        @Test
        void forgetsAfterTheRetention() {
            SentCards cards = create(Duration.ofMillis(300));
            cards.put(card("ab-3"));
            cards.putLatest("p", "ab-3");
            await().atMost(Duration.ofSeconds(5)).until(() -> cards.find("ab-3").isEmpty()
                    && cards.latest("p").isEmpty());
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        SentCards create(Duration retention) {
            return new MemorySentCards(retention);
        }
    }

    @Nested
    class Redis extends Contract {
        private final RedisKeys keys = new RedisKeys("test" + System.nanoTime() + ":");

        @Override
        SentCards create(Duration retention) {
            return new RedisSentCards(REDIS.server().template(), keys, retention);
        }
    }
}
