package com.actionbridge.store.redis;

import com.actionbridge.admin.AdminProperties;
import com.actionbridge.admin.AdminTexts;
import com.actionbridge.admin.BotsReloader;
import com.actionbridge.admin.RateWindows;
import com.actionbridge.admin.TurnLog;
import com.actionbridge.channel.DedupProperties;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.channel.dingtalk.DingTalkProperties;
import com.actionbridge.channel.dingtalk.DingTalkTokens;
import com.actionbridge.channel.dingtalk.SentCards;
import com.actionbridge.channel.wecom.WeComConfigs;
import com.actionbridge.conversation.CardTextStore;
import com.actionbridge.conversation.ChoiceTokenStore;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.ReplyResolver;
import com.actionbridge.conversation.SessionLock;
import com.actionbridge.conversation.SessionProperties;
import com.actionbridge.conversation.SessionStore;
import com.actionbridge.store.InstanceId;
import com.actionbridge.store.memory.MemoryStoreAutoConfiguration;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import me.chanjar.weixin.cp.config.impl.WxCpRedisTemplateConfigImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code actionbridge.store: redis}: every store on Redis through Spring Boot's connection
 * ({@code spring.data.redis.*}), so any number of instances behind a load balancer behave as one. Runs before the
 * memory stores, which then back off.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = MemoryStoreAutoConfiguration.class)
@ConditionalOnProperty(name = "actionbridge.store", havingValue = "redis")
@EnableConfigurationProperties({RedisStoreProperties.class, InboxProperties.class, SessionProperties.class, DedupProperties.class, AdminProperties.class,
        DingTalkProperties.class})
public class RedisStoreAutoConfiguration {

    /**
     * While the connection is down, commands fail at once instead of waiting in Lettuce's buffer to run after the
     * reconnect: a de-dup mark whose callback was already answered 503 must never be written later.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer actionBridgeLettuceOptions(DataRedisProperties properties) {
        return builder -> {
            builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).autoReconnect(true);
            if (properties.getConnectTimeout() != null) {
                builder.socketOptions(SocketOptions.builder().connectTimeout(properties.getConnectTimeout()).build());
            }
        };
    }

    @Bean
    RedisKeys redisKeys(RedisStoreProperties properties) {
        return new RedisKeys(properties.keyPrefix());
    }

    @Bean
    SessionStore sessionStore(StringRedisTemplate redis, RedisKeys keys, SessionProperties sessions) {
        return new RedisSessionStore(redis, keys, sessions.ttl());
    }

    @Bean
    ChoiceTokenStore choiceTokenStore(StringRedisTemplate redis, RedisKeys keys, SessionProperties sessions) {
        return new RedisChoiceTokenStore(redis, keys, sessions.ttl());
    }

    @Bean
    CardTextStore cardTextStore(StringRedisTemplate redis, RedisKeys keys, SessionProperties sessions) {
        return new RedisCardTextStore(redis, keys, sessions.ttl());
    }

    @Bean
    Deduplicator deduplicator(StringRedisTemplate redis, RedisKeys keys, DedupProperties properties) {
        return new RedisDeduplicator(redis, keys, properties.retention());
    }

    @Bean
    RateWindows rateWindows(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisRateWindows(redis, keys, MemoryStoreAutoConfiguration.RATE_WINDOW, Clock.systemUTC());
    }

    @Bean
    TurnLog turnLog(StringRedisTemplate redis, RedisKeys keys, AdminProperties admin, InstanceId instance) {
        return new RedisTurnLog(redis, keys, admin.turnsPerBot(), admin.recordText(), instance);
    }

    @Bean
    SentCards sentCards(StringRedisTemplate redis, RedisKeys keys, DingTalkProperties dingTalk) {
        return new RedisSentCards(redis, keys, dingTalk.cardRetention());
    }

    @Bean
    DingTalkTokens dingTalkTokens(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisDingTalkTokens(redis, keys, Clock.systemUTC());
    }

    /** WxJava keeps each WeCom app's access token in Redis, fetched under its own Redis lock by one instance. */
    @Bean
    WeComConfigs weComConfigs(StringRedisTemplate redis, RedisStoreProperties properties) {
        return () -> new WxCpRedisTemplateConfigImpl(redis, properties.keyPrefix() + "wecom");
    }

    /** Lock objects the registry keeps: far more than turns can be in flight ({@code engine.max-in-flight}). */
    static final int SESSION_LOCK_CACHE = 20_000;

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler sessionLockRenewal() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("ab-lock-renewal-");
        scheduler.setDaemon(true);
        // Turns still running while the application stops keep renewing their locks: without this the scheduler
        // refuses work as soon as the context starts closing, and such a turn fails to take its session's lock.
        scheduler.setAcceptTasksAfterContextClose(true);
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    RedisLockRegistry sessionLockRegistry(RedisConnectionFactory connections, RedisStoreProperties properties,
                                          ThreadPoolTaskScheduler sessionLockRenewal) {
        RedisLockRegistry registry = new RedisLockRegistry(connections, properties.keyPrefix() + "lock",
                properties.lockLease());
        registry.setRenewalTaskScheduler(sessionLockRenewal);
        registry.setIdleBetweenTries(Duration.ofMillis(20));
        // The registry forgets its oldest lock objects past its cache (256 by default), even held ones, and the lock in
        // Redis is re-entrant for this instance: a cache well above the turns in flight keeps every held lock known.
        registry.setCacheCapacity(SESSION_LOCK_CACHE);
        return registry;
    }

    @Bean
    SessionLock sessionLock(RedisLockRegistry sessionLockRegistry, RedisStoreProperties properties) {
        return new RedisSessionLock(sessionLockRegistry, properties.lockWait());
    }

    @Bean
    RedisReloadBroadcast reloadBroadcast(StringRedisTemplate redis, RedisStoreProperties properties,
                                         ObjectProvider<BotsReloader> reloader) {
        return new RedisReloadBroadcast(redis, properties.keyPrefix() + "reload", reloader);
    }

    @Bean
    RedisMessageListenerContainer reloadSubscription(RedisConnectionFactory connections,
                                                     RedisReloadBroadcast reloadBroadcast) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(reloadBroadcast, new ChannelTopic(reloadBroadcast.channel()));
        return container;
    }

    /**
     * The durable inbox. It starts taking over stopped instances' events once every bean is there; stopping it (after
     * the web server, before the Redis connection) stops the engine first, which hands back unstarted events, then
     * its heartbeat.
     */
    @Bean(destroyMethod = "close")
    RedisInbox inbox(StringRedisTemplate redis, RedisKeys keys, Conversations conversations,
                     ObjectProvider<ReplyResolver> resolvers, InstanceId instance, InboxProperties properties) {
        return new RedisInbox(redis, keys, conversations, resolvers, instance, properties.takeoverAfter(),
                Clock.systemUTC());
    }

    @Bean
    InboxMetrics inboxMetrics(RedisInbox inbox, InstanceId instance) {
        return new InboxMetrics(inbox, instance);
    }

    @Bean
    StoreUnavailable.Advice storeUnavailableAdvice() {
        return new StoreUnavailable.Advice();
    }

    /** Before every other policy: without Redis no event is admitted (nor counted). */
    @Bean
    @Order(50)
    StoreUnavailable.Policy storeUnavailablePolicy(StringRedisTemplate redis, AdminTexts texts) {
        return new StoreUnavailable.Policy(redis, texts);
    }
}
