package com.actionbridge.store.memory;

import com.actionbridge.admin.AdminProperties;
import com.actionbridge.admin.RateWindows;
import com.actionbridge.admin.TurnLog;
import com.actionbridge.channel.DedupProperties;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.channel.dingtalk.DingTalkProperties;
import com.actionbridge.channel.dingtalk.DingTalkTokens;
import com.actionbridge.channel.dingtalk.SentCards;
import com.actionbridge.conversation.ChoiceTokenStore;
import com.actionbridge.conversation.SessionProperties;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.Inbox;
import com.actionbridge.conversation.SessionStore;
import com.actionbridge.store.InstanceId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The default stores: this JVM's memory (Caffeine). Each one backs off when another bean of its type exists (the
 * Redis stores with {@code actionbridge.store: redis}, or an application's own).
 */
@AutoConfiguration
@EnableConfigurationProperties({SessionProperties.class, DedupProperties.class, AdminProperties.class, DingTalkProperties.class})
public class MemoryStoreAutoConfiguration {

    /** Tokens live at most as long as an idle session; a few live cards per session at most. */
    static final long TOKENS_PER_SESSION = 8;

    /** The rate limit's window. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    /** No durable inbox: channels hand their events straight to the engine; a crash loses what was accepted. */
    @Bean
    @ConditionalOnMissingBean
    Inbox inbox(Conversations conversations) {
        return Inbox.direct(conversations);
    }

    @Bean
    @ConditionalOnMissingBean
    SessionStore sessionStore(SessionProperties properties) {
        return new CaffeineSessionStore(properties.ttl(), properties.maxSize());
    }

    @Bean
    @ConditionalOnMissingBean
    ChoiceTokenStore choiceTokenStore(SessionProperties properties) {
        return new CaffeineChoiceTokenStore(properties.ttl(), properties.maxSize() * TOKENS_PER_SESSION);
    }

    /** One store for every channel; keys are prefixed by the channel and bot. */
    @Bean
    @ConditionalOnMissingBean
    Deduplicator deduplicator(DedupProperties properties, ObjectProvider<Clock> clock) {
        // Forgets on the application's clock, so a test can move time past the retention.
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        return new InMemoryDeduplicator(properties.retention(), properties.maxKeys(),
                () -> TimeUnit.MILLISECONDS.toNanos(time.millis()));
    }

    @Bean
    @ConditionalOnMissingBean
    RateWindows rateWindows() {
        return new MemoryRateWindows(RATE_WINDOW, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    TurnLog turnLog(AdminProperties properties, InstanceId instance) {
        return new MemoryTurnLog(properties.turnsPerBot(), properties.recordText(), instance);
    }

    @Bean
    @ConditionalOnMissingBean
    SentCards sentCards(DingTalkProperties properties) {
        return new MemorySentCards(properties.cardRetention());
    }

    @Bean
    @ConditionalOnMissingBean
    DingTalkTokens dingTalkTokens() {
        return new MemoryDingTalkTokens();
    }
}
