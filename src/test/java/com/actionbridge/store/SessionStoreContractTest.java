package com.actionbridge.store;

import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.conversation.Choice;
import com.actionbridge.conversation.Option;
import com.actionbridge.conversation.Session;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.SessionStore;
import com.actionbridge.store.memory.CaffeineSessionStore;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.store.redis.RedisSessionStore;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The session store contract, in memory and on a real Redis alike. */
class SessionStoreContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    static final SessionKey ALICE = new SessionKey("hr", "group-1", "alice");

    /** A session in the middle of a dialogue, with one option of every kind. */
    static Session full(SessionKey key) {
        ActionData action = new ActionData("app-1", "act-1", "企业微信", "发送文本消息", "把一段文字发到群里", null, null);
        List<Option> options = List.of(
                new Option(1, "发送文本消息", "tok1AAAAAAAAAAAA", new Choice.PickAction(action)),
                new Option(2, "账号 1", "tok2AAAAAAAAAAAA", new Choice.PickAccount(42L, "AI-action测试1")),
                new Option(3, "继续", "tok3AAAAAAAAAAAA", new Choice.ContinueAfterAuth()),
                new Option(4, "确认", "tok4AAAAAAAAAAAA", new Choice.Confirm()),
                new Option(5, "取消", "tok5AAAAAAAAAAAA", new Choice.Cancel()),
                new Option(6, "重新开始", "tok6AAAAAAAAAAAA", new Choice.Restart()),
                new Option(7, "重试", "tok7AAAAAAAAAAAA", new Choice.Retry(null,
                        new ActionRequest("chat-9", "action_preview", "ACTION_PREVIEW", "wecom:ww1:alice", "确认",
                                action.withAccount(42L, "AI-action测试1")))));
        return Session.start(key, "wecom:ww1:alice", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .withDialogue("chat-9", "action_preview", "ACTION_PREVIEW",
                        JsonMapper.builder().build().readTree("{\"log_url\":\"https://x/log/1\",\"n\":[1,2]}"),
                        action, "把你好发送到企业微信群机器人")
                .withCard("Yk3vQ9sLm2Xp7RtA", options);
    }

    abstract class Contract {

        SessionStore store;

        abstract SessionStore create(Duration ttl);

        @BeforeEach
        void createStore() {
            store = create(Duration.ofMinutes(30));
        }

        @Test
        void keepsEveryPartOfASession() {
            Session session = full(ALICE);
            store.put(session);
            assertThat(store.get(ALICE)).contains(session);
            assertThat(store.get(new SessionKey("hr", "group-1", "bob"))).isEmpty();
        }

        @Test
        void aWriteReplacesTheSession() {
            store.put(full(ALICE));
            Session closed = full(ALICE).closed();
            store.put(closed);
            assertThat(store.get(ALICE)).contains(closed);
            assertThat(store.size()).isEqualTo(1);
        }

        @Test
        void removeListAndSize() {
            store.put(full(ALICE));
            store.put(Session.start(SessionKey.oneToOne("hr", "bob"), "u:bob", Instant.now()));
            assertThat(store.size()).isEqualTo(2);
            assertThat(store.list()).extracting(Session::upstreamUserId)
                    .containsExactlyInAnyOrder("wecom:ww1:alice", "u:bob");
            assertThat(store.remove(ALICE)).isTrue();
            assertThat(store.remove(ALICE)).isFalse();
            assertThat(store.get(ALICE)).isEmpty();
            assertThat(store.size()).isEqualTo(1);
        }

        @Test
        void expiresAfterTheTtlWithoutAccessAndEachReadKeepsItAlive() {
            SessionStore shortLived = create(Duration.ofMillis(1500));
            SessionKey idle = SessionKey.oneToOne("hr", "idle");
            shortLived.put(full(ALICE));
            shortLived.put(Session.start(idle, "u:idle", Instant.now()));
            // Read every 200 ms for longer than the TTL: the read session stays, the idle one goes.
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> shortLived.get(ALICE).isPresent());
            assertThat(shortLived.get(idle)).isEmpty();
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        SessionStore create(Duration ttl) {
            return new CaffeineSessionStore(ttl, 1000);
        }
    }

    @Nested
    class Redis extends Contract {
        private final RedisKeys keys = new RedisKeys("test" + System.nanoTime() + ":");
        private final StringRedisTemplate template = REDIS.server().template();

        @Override
        SessionStore create(Duration ttl) {
            return new RedisSessionStore(template, keys, ttl);
        }

        @Test
        void aSessionTakesAtMostOneKilobyteAndExpiresInRedis() {
            store.put(full(ALICE));
            String key = keys.of("session", "hr:group-1:alice");
            Long bytes = template.execute((RedisCallback<Long>) c -> c.stringCommands()
                    .strLen(key.getBytes(StandardCharsets.UTF_8)));
            assertThat(bytes).as("a session with seven options").isLessThanOrEqualTo(1024);
            assertThat(template.getExpire(key)).isBetween(1L, Duration.ofMinutes(30).toSeconds());
        }
    }
}
