package com.actionbridge.bot;

import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.action.UpstreamProfiles;
import com.actionbridge.action.UpstreamProperties;
import com.actionbridge.sandbox.SandboxToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The global upstream settings with a bot's {@link BotConfig#upstream()} overrides applied; an unknown bot id
 * (the web chat's) gets the global ones. With the embedded sandbox every profile carries the sandbox's token.
 */
@Component
class ConfiguredUpstreamProfiles implements UpstreamProfiles {

    private final UpstreamProperties global;
    private final BotRegistry bots;
    private final ObjectProvider<SandboxToken> sandboxToken;

    ConfiguredUpstreamProfiles(UpstreamProperties global, BotRegistry bots, ObjectProvider<SandboxToken> sandboxToken) {
        this.global = global;
        this.bots = bots;
        this.sandboxToken = sandboxToken;
    }

    @Override
    public UpstreamProfile forBot(String botId) {
        BotUpstream own = botId == null ? null : bots.find(botId).map(BotConfig::upstream).orElse(null);
        SandboxToken sandbox = sandboxToken.getIfAvailable();
        String token = sandbox != null ? sandbox.value()
                : own != null && own.token() != null && !own.token().isBlank() ? own.token() : global.token();
        int returnAmount = own != null && own.returnAmount() != null ? own.returnAmount() : global.returnAmount();
        String filter = own != null && own.appNameFilter() != null ? own.appNameFilter() : global.appNameFilter();
        return new UpstreamProfile(token, returnAmount, filter);
    }
}
