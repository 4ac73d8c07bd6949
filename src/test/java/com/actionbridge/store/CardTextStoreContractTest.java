package com.actionbridge.store;

import com.actionbridge.conversation.CardText;
import com.actionbridge.conversation.CardTextStore;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.store.memory.CaffeineCardTextStore;
import com.actionbridge.store.redis.RedisCardTextStore;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The card-text contract (kept whole, paged on, expiring), in memory and on a real Redis alike. */
class CardTextStoreContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    static final SessionKey ALICE = new SessionKey("hr", "g", "alice");
    static final String TEXT = "第一页的内容 😀\n".repeat(5000);
    static final CardText SHOWN = new CardText(ALICE, "找到 5000 个动作", TEXT, 1200, 1, 40, "Yk3vQ9sLm2Xp7RtA");

    abstract class Contract {

        CardTextStore texts;

        abstract CardTextStore create(Duration ttl);

        /** The same store as another instance sees it. */
        abstract CardTextStore otherInstance();

        @BeforeEach
        void createStore() {
            texts = create(Duration.ofMinutes(30));
        }

        @Test
        void aTextIsKeptWholeAndFoundByItsCard() {
            texts.put("card1", SHOWN);
            assertThat(texts.find("card1")).contains(SHOWN);
            assertThat(otherInstance().find("card1")).contains(SHOWN);
            assertThat(texts.find("card2")).isEmpty();
        }

        @Test
        void pagingOnKeepsTheTextAndMovesOnlyTheReadingPoint() {
            texts.put("card1", SHOWN);
            otherInstance().paged("card1", SHOWN.shown(2400));
            CardText read = texts.find("card1").orElseThrow();
            assertThat(read.text()).isEqualTo(TEXT);
            assertThat(read.next()).isEqualTo(2400);
            assertThat(read.page()).isEqualTo(2);
            assertThat(read.pages()).isEqualTo(40);
            assertThat(read.moreToken()).isEqualTo(SHOWN.moreToken());
            assertThat(read.owner()).isEqualTo(ALICE);
        }

        @Test
        void pagingAGoneTextDoesNotBringItBack() {
            texts.paged("never", SHOWN.shown(2400));
            assertThat(texts.find("never")).isEmpty();
        }

        @Test
        void aTextExpiresWithTheSessionUnlessItIsRead() {
            CardTextStore shortLived = create(Duration.ofMillis(300));
            shortLived.put("card3", SHOWN);
            // Looked at only after the TTL: every look refreshes it, as a 更多 would.
            await().pollDelay(Duration.ofMillis(700)).pollInterval(Duration.ofMillis(700))
                    .atMost(Duration.ofSeconds(5)).until(() -> shortLived.find("card3").isEmpty());
            shortLived.paged("card3", SHOWN.shown(2400));
            assertThat(shortLived.find("card3")).isEmpty();
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        CardTextStore create(Duration ttl) {
            return new CaffeineCardTextStore(ttl, 10_000_000);
        }

        @Override
        CardTextStore otherInstance() {
            return texts;
        }

        @Test
        void theStoreIsBoundedByTheCharactersItHolds() {
            CardTextStore small = new CaffeineCardTextStore(Duration.ofMinutes(30), 3L * TEXT.length());
            for (int i = 0; i < 10; i++) {
                small.put("card" + i, SHOWN);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> java.util.stream.IntStream.range(0, 10)
                    .filter(i -> small.find("card" + i).isPresent()).count() <= 3);
        }
    }

    @Nested
    class Redis extends Contract {
        private final RedisKeys keys = new RedisKeys("test" + System.nanoTime() + ":");

        @Override
        CardTextStore create(Duration ttl) {
            return new RedisCardTextStore(REDIS.server().template(), keys, ttl);
        }

        @Override
        CardTextStore otherInstance() {
            return create(Duration.ofMinutes(30));
        }

        @Test
        void theKeyCarriesThePrefixAndTheSessionTtl() {
            texts.put("card4", SHOWN);
            Long ttl = REDIS.server().template().getExpire(keys.of("cardtext", "card4"));
            assertThat(ttl).isBetween(1700L, 1800L);
        }
    }
}
