package com.actionbridge.store;

import com.actionbridge.conversation.ChoiceTicket;
import com.actionbridge.conversation.ChoiceTokenStore;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.store.memory.CaffeineChoiceTokenStore;
import com.actionbridge.store.redis.RedisChoiceTokenStore;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The choice-token contract (single use, atomic, expiring), in memory and on a real Redis alike. */
class ChoiceTokenStoreContractTest {

    static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    static final ChoiceTicket TICKET = new ChoiceTicket(new SessionKey("hr", "g", "alice"), 3, 2, false);

    abstract class Contract {

        ChoiceTokenStore tokens;

        abstract ChoiceTokenStore create(Duration ttl);

        /** The same store as another instance sees it. */
        abstract ChoiceTokenStore otherInstance();

        @BeforeEach
        void createStore() {
            tokens = create(Duration.ofMinutes(30));
        }

        @Test
        void aTicketIsFoundAndUsedOnce() {
            tokens.put("tokA", TICKET);
            assertThat(tokens.find("tokA")).contains(TICKET);
            assertThat(tokens.find("unknown")).isEmpty();
            assertThat(tokens.markUsed("tokA", TICKET)).isTrue();
            assertThat(tokens.markUsed("tokA", TICKET)).as("single use").isFalse();
            assertThat(tokens.find("tokA")).as("kept, so a second click gets a clear answer")
                    .contains(TICKET.markedUsed());
            assertThat(tokens.markUsed("tokA", TICKET.markedUsed())).isFalse();
        }

        @Test
        void anExpiredOrUnknownTicketCannotBeUsed() {
            assertThat(tokens.markUsed("never", TICKET)).isFalse();
            ChoiceTokenStore shortLived = create(Duration.ofMillis(300));
            shortLived.put("tokB", TICKET);
            // Looked at only after the TTL: every look refreshes it, as a click would.
            await().pollDelay(Duration.ofMillis(700)).pollInterval(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> shortLived.find("tokB").isEmpty());
            assertThat(shortLived.markUsed("tokB", TICKET)).isFalse();
            assertThat(shortLived.find("tokB")).as("using an expired token brings nothing back").isEmpty();
        }

        @Test
        void ofManySimultaneousClicksExactlyOneUsesTheTicket() throws Exception {
            tokens.put("tokC", TICKET);
            ChoiceTokenStore other = otherInstance();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> clicks = IntStream.range(0, 16).<Callable<Boolean>>mapToObj(i ->
                        () -> (i % 2 == 0 ? tokens : other).markUsed("tokC", TICKET)).toList();
                int used = 0;
                for (Future<Boolean> f : pool.invokeAll(clicks)) {
                    used += f.get() ? 1 : 0;
                }
                assertThat(used).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        ChoiceTokenStore create(Duration ttl) {
            return new CaffeineChoiceTokenStore(ttl, 1000);
        }

        @Override
        ChoiceTokenStore otherInstance() {
            return tokens;
        }
    }

    @Nested
    class Redis extends Contract {
        private final RedisKeys keys = new RedisKeys("test" + System.nanoTime() + ":");

        @Override
        ChoiceTokenStore create(Duration ttl) {
            return new RedisChoiceTokenStore(redis.template(), keys, ttl);
        }

        @Override
        ChoiceTokenStore otherInstance() {
            return create(Duration.ofMinutes(30));
        }
    }
}
