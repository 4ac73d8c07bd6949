package com.actionbridge.store.redis;

import com.actionbridge.admin.AdminTexts;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.conversation.AdmissionPolicy;
import com.actionbridge.conversation.ConversationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;
import java.util.Optional;

/** What happens while Redis cannot be reached: nothing runs without the shared state, and people are told so. */
final class StoreUnavailable {

    private static final Logger log = LoggerFactory.getLogger(StoreUnavailable.class);

    private StoreUnavailable() {
    }

    /**
     * A request that needed Redis (a platform callback's de-dup, an admin view) is answered 503 with a Retry-After,
     * so the platforms deliver it again later; it was not processed.
     */
    @RestControllerAdvice
    static final class Advice {
        @ExceptionHandler(DataAccessException.class)
        ResponseEntity<Map<String, String>> unavailable(DataAccessException e) {
            log.warn("Redis is unavailable, answering 503: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                    .body(Map.of("error", "the shared store (Redis) is unavailable; try again shortly"));
        }
    }

    /**
     * Checked before every event: while Redis does not answer a PING the event is refused with a clear card (the web
     * chat shows it) instead of starting a turn that cannot keep its state.
     */
    static final class Policy implements AdmissionPolicy {
        private final StringRedisTemplate redis;
        private final AdminTexts texts;

        Policy(StringRedisTemplate redis, AdminTexts texts) {
            this.redis = redis;
            this.texts = texts;
        }

        @Override
        public Optional<Card> refuse(ConversationEvent event) {
            try {
                redis.execute(RedisConnection::ping, true);
                return Optional.empty();
            } catch (DataAccessException e) {
                log.warn("Redis is unavailable: refusing an event of session {}", event.origin().session());
                return Optional.of(Card.text(CardStatus.NOTICE, texts.get("admin.store-unavailable.title"),
                        texts.get("admin.store-unavailable.text")));
            }
        }
    }
}
