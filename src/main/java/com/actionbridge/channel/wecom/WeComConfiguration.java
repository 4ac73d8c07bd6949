package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import com.actionbridge.channel.DedupProperties;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.conversation.Inbox;
import com.actionbridge.conversation.ReplyResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WeComProperties.class, WeComHttpProperties.class})
class WeComConfiguration {

    /** WxJava logs failed requests' URLs, access token included, at WARN; we log failures ourselves. */
    private static final String WXJAVA_REQUEST_LOGGER = "me.chanjar.weixin.cp.api.impl.BaseWxCpServiceImpl";

    /** Fails start-up when a signed callback could be replayed after its delivery id was forgotten. */
    WeComConfiguration(WeComProperties properties, DedupProperties dedup) {
        dedup.requireCovers(properties.maxClockSkew(), "actionbridge.wecom.max-clock-skew");
    }

    @Bean
    WeComClients weComClients(BotRegistry registry, WeComProperties properties, WeComHttpProperties http,
                              ObjectProvider<Clock> clock, ObjectProvider<WeComConfigs> configs) {
        LoggingSystem.get(WeComConfiguration.class.getClassLoader()).setLogLevel(WXJAVA_REQUEST_LOGGER, LogLevel.ERROR);
        return new WeComClients(registry, properties, http, clock.getIfAvailable(Clock::systemUTC),
                configs.getIfAvailable(() -> WeComConfigs.MEMORY));
    }

    @Bean
    WeComCredentialCheck weComCredentialCheck(BotRegistry registry, WeComClients clients, WeComProperties properties) {
        return new WeComCredentialCheck(registry, clients, properties.credentialCheckInterval());
    }

    @Bean
    WeComTexts weComTexts(@Value("${actionbridge.locale:zh-CN}") String locale) {
        return new WeComTexts(Locale.forLanguageTag(locale));
    }

    @Bean
    WeComCardRenderer weComCardRenderer(WeComTexts texts) {
        return new WeComCardRenderer(texts);
    }

    @Bean
    WeComSender weComSender(WeComClients clients, WeComProperties properties) {
        return new WeComSender(clients, properties);
    }

    @Bean
    WeComInbound weComInbound(WeComProperties properties, ObjectProvider<Clock> clock) {
        return new WeComInbound(clock.getIfAvailable(Clock::systemUTC), properties.maxClockSkew());
    }

    /** Once started, readies the callback's message reading in the background when WeCom bots are configured. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> weComWarmUp(BotRegistry registry) {
        return event -> {
            if (!registry.all(Platform.WECOM).isEmpty()) {
                Thread.ofVirtual().name("wecom-warm-up").start(WeComInbound::warmUp);
            }
        };
    }

    @Bean
    WeComDispatcher weComDispatcher(Inbox inbox, Deduplicator deduplicator,
                                    WeComCardRenderer renderer, WeComSender sender, WeComTexts texts,
                                    WeComProperties properties) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor replies = new ThreadPoolExecutor(properties.replyThreads(), properties.replyThreads(),
                60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(properties.replyQueueCapacity()), r -> {
                    Thread t = new Thread(r, "wecom-reply-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        return new WeComDispatcher(inbox, deduplicator, renderer, sender, texts, replies);
    }

    /** Replies to WeCom events accepted by another instance (the durable inbox). */
    @Bean
    ReplyResolver weComReplyResolver(WeComDispatcher dispatcher, BotRegistry registry) {
        return dispatcher.resolver(registry);
    }
}
