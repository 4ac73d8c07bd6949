package com.actionbridge.store;

import com.actionbridge.conversation.ChoiceTicket;
import com.actionbridge.conversation.ChoiceTokenStore;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.store.memory.CaffeineChoiceTokenStore;
import com.actionbridge.store.redis.RedisChoiceTokenStore;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.testsupport.Concurrently;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The choice-token contract (single use, atomic, expiring), in memory and on a real Redis alike. */
class ChoiceTokenStoreContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    static final ChoiceTicket TICKET = new ChoiceTicket(new SessionKey("hr", "g", "alice"), "Yk3vQ9sLm2Xp7RtA", 2, false);

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
            assertThat(Concurrently.count(16, i -> (i % 2 == 0 ? tokens : other).markUsed("tokC", TICKET)))
                    .isEqualTo(1);
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
            return new RedisChoiceTokenStore(REDIS.server().template(), keys, ttl);
        }

        @Override
        ChoiceTokenStore otherInstance() {
            return create(Duration.ofMinutes(30));
        }
    }
}
