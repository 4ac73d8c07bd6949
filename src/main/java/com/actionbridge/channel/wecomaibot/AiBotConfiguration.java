package com.actionbridge.channel.wecomaibot;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.channel.wecom.WeComCardRenderer;
import com.actionbridge.channel.wecom.WeComTexts;
import com.actionbridge.conversation.Conversations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AiBotProperties.class)
class AiBotConfiguration {

    @Bean
    AiBotStreams aiBotStreams(AiBotProperties properties) {
        return new AiBotStreams(properties.streamRetention());
    }

    @Bean
    AiBotResponder aiBotResponder(BotRegistry registry, AiBotStreams streams, AiBotProperties properties,
                                  ObjectProvider<Clock> clock) {
        return new AiBotResponder(registry, streams, clock.getIfAvailable(Clock::systemUTC),
                properties.responseTimeout());
    }

    @Bean
    AiBotInbound aiBotInbound(AiBotProperties properties, ObjectProvider<Clock> clock) {
        return new AiBotInbound(clock.getIfAvailable(Clock::systemUTC), properties.maxClockSkew());
    }

    @Bean
    AiBotChannel aiBotChannel(Conversations conversations, Deduplicator deduplicator, AiBotStreams streams,
                              WeComCardRenderer cards, WeComTexts texts, AiBotResponder responder,
                              AiBotProperties properties, ObjectProvider<Clock> clock) {
        return new AiBotChannel(conversations, deduplicator, streams, new AiBotRenderer(cards, texts), responder,
                texts, properties, clock.getIfAvailable(Clock::systemUTC));
    }
}
