package com.actionbridge.conversation;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.UpstreamProfiles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Locale;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EngineProperties.class, SessionProperties.class})
class ConversationConfiguration {

    @Bean
    Texts texts(MessageSource messageSource, @Value("${actionbridge.locale:zh-CN}") String locale) {
        return new Texts(messageSource, Locale.forLanguageTag(locale));
    }

    @Bean
    BridgeCards bridgeCards(Texts texts) {
        return new BridgeCards(texts);
    }

    @Bean(destroyMethod = "close")
    ConversationEngine conversationEngine(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client,
                                          UpstreamProfiles profiles, BridgeCards cards, EngineProperties properties,
                                          ObjectProvider<AdmissionPolicy> policies,
                                          ObjectProvider<TurnListener> listeners, ObjectProvider<SessionLock> lock,
                                          CardTextStore cardTexts) {
        return new ConversationEngine(new TurnHandlerParts(sessions, tokens, client, profiles, cards,
                Clock.systemUTC(), lock.getIfAvailable(() -> SessionLock.NONE), cardTexts), properties,
                policies.orderedStream().toList(), listeners.orderedStream().toList());
    }
}
