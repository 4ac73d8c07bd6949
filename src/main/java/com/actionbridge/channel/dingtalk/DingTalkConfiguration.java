package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.channel.DedupProperties;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.conversation.Inbox;
import com.actionbridge.conversation.ReplyResolver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DingTalkProperties.class)
class DingTalkConfiguration {

    /** Fails start-up when a signed callback could be replayed after its delivery id was forgotten. */
    DingTalkConfiguration(DingTalkProperties props, DedupProperties dedup) {
        dedup.requireCovers(props.signatureWindow(), "actionbridge.dingtalk.signature-window");
    }

    @Bean
    DingTalkTexts dingTalkTexts(MessageSource messageSource, @Value("${actionbridge.locale:zh-CN}") String locale) {
        return new DingTalkTexts(messageSource, Locale.forLanguageTag(locale));
    }

    @Bean
    DingTalkApi dingTalkApi(DingTalkProperties props, DingTalkTokens tokens, ObjectProvider<Clock> clock) {
        return new DingTalkApi(props, clock.getIfAvailable(Clock::systemUTC), tokens);
    }

    @Bean
    DingTalkReplier dingTalkReplier(DingTalkApi api, DingTalkTexts texts, DingTalkProperties props,
                                    SentCards sentCards, ObjectProvider<Clock> clock, MeterRegistry meters) {
        return new DingTalkReplier(api, new ActionCardRenderer(texts), new InteractiveCardRenderer(texts), props,
                clock.getIfAvailable(Clock::systemUTC), sentCards, meters);
    }

    @Bean
    DingTalkInbound dingTalkInbound(Inbox inbox, Deduplicator dedup, CallbackMetrics metrics,
                                    DingTalkReplier replier, DingTalkTexts texts) {
        // Sends the few replies that do not come from the engine (the "text only" notice); bounded, drops when full.
        AtomicInteger n = new AtomicInteger();
        ExecutorService sendExecutor = new ThreadPoolExecutor(1, 4, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(1000), r -> {
                    Thread t = new Thread(r, "dingtalk-send-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        return new DingTalkInbound(inbox, dedup, metrics, replier, texts, sendExecutor);
    }

    /** Replies to DingTalk events accepted by another instance (the durable inbox). */
    @Bean
    ReplyResolver dingTalkReplyResolver(DingTalkInbound inbound, BotRegistry registry) {
        return inbound.resolver(registry);
    }

    @Bean
    DingTalkStreamClients dingTalkStreamClients(BotRegistry registry, DingTalkInbound inbound,
                                                ObjectProvider<Clock> clock) {
        return new DingTalkStreamClients(registry, inbound, clock.getIfAvailable(Clock::systemUTC));
    }
}
