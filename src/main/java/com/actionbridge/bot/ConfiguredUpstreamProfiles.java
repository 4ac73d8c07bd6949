package com.actionbridge.bot;

import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.action.UpstreamProfiles;
import com.actionbridge.action.UpstreamProperties;
import com.actionbridge.sandbox.SandboxToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The global upstream settings with a bot's {@link BotConfig#upstream()} overrides applied; an unknown bot id
 * (the web chat's) gets the global ones. With the embedded sandbox every profile carries the sandbox's token.
 */
@Component
class ConfiguredUpstreamProfiles implements UpstreamProfiles, SmartInitializingSingleton {

    private final UpstreamProperties global;
    private final BotRegistry bots;
    private final ObjectProvider<SandboxToken> sandboxToken;
    /** Whether the sandbox answers is settled at start-up; until every singleton exists, it is asked each time. */
    private volatile Optional<SandboxToken> sandbox;

    ConfiguredUpstreamProfiles(UpstreamProperties global, BotRegistry bots, ObjectProvider<SandboxToken> sandboxToken) {
        this.global = global;
        this.bots = bots;
        this.sandboxToken = sandboxToken;
    }

    /** Resolving the token through the bean factory on every turn cost more than the rest of the profile. */
    @Override
    public void afterSingletonsInstantiated() {
        sandbox = Optional.ofNullable(sandboxToken.getIfAvailable());
    }

    @Override
    public UpstreamProfile forBot(String botId) {
        BotUpstream own = botId == null ? null : bots.find(botId).map(BotConfig::upstream).orElse(null);
        Optional<SandboxToken> settled = this.sandbox;
        SandboxToken sandbox = settled != null ? settled.orElse(null) : sandboxToken.getIfAvailable();
        String token = sandbox != null ? sandbox.value()
                : own != null && own.token() != null && !own.token().isBlank() ? own.token() : global.token();
        int returnAmount = own != null && own.returnAmount() != null ? own.returnAmount() : global.returnAmount();
        String filter = own != null && own.appNameFilter() != null ? own.appNameFilter() : global.appNameFilter();
        return new UpstreamProfile(token, returnAmount, filter);
    }
}
