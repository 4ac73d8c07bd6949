package com.actionbridge.bot;

import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.action.UpstreamProperties;
import com.actionbridge.sandbox.SandboxToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfiguredUpstreamProfilesTest {

    private static final UpstreamProperties GLOBAL = new UpstreamProperties("https://ai-action.example.com",
            "global-token", 3, "webhook", Duration.ofSeconds(5), Duration.ofSeconds(60),
            new UpstreamProperties.Retry(3, Duration.ofMillis(500)));

    private final BotRegistry bots = new BotRegistry(List.of(
            bot("sales", new BotUpstream("sales-token", "钉钉自建", 5)),
            bot("partial", new BotUpstream(null, null, 1)),
            bot("plain", null)));

    @Test
    void aBotsOverridesReplaceTheGlobalSettingsOneByOne() {
        ConfiguredUpstreamProfiles profiles = new ConfiguredUpstreamProfiles(GLOBAL, bots,
                new StaticListableBeanFactory().getBeanProvider(SandboxToken.class));

        assertThat(profiles.forBot("sales")).isEqualTo(new UpstreamProfile("sales-token", 5, "钉钉自建"));
        assertThat(profiles.forBot("partial")).isEqualTo(new UpstreamProfile("global-token", 1, "webhook"));
        assertThat(profiles.forBot("plain")).isEqualTo(new UpstreamProfile("global-token", 3, "webhook"));
        assertThat(profiles.forBot("web")).isEqualTo(new UpstreamProfile("global-token", 3, "webhook"));
        assertThat(profiles.forBot(null)).isEqualTo(new UpstreamProfile("global-token", 3, "webhook"));
        assertThat(profiles.forBot("sales").toString()).doesNotContain("sales-token");
    }

    @Test
    void withTheSandboxEveryBotUsesTheSandboxToken() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        SandboxToken sandbox = SandboxToken.random();
        beans.addBean("sandboxToken", sandbox);
        ConfiguredUpstreamProfiles profiles = new ConfiguredUpstreamProfiles(GLOBAL, bots,
                beans.getBeanProvider(SandboxToken.class));

        assertThat(profiles.forBot("sales")).isEqualTo(new UpstreamProfile(sandbox.value(), 5, "钉钉自建"));
        assertThat(profiles.forBot("web").token()).isEqualTo(sandbox.value());
        // Once every singleton exists the sandbox is settled, and still answers.
        profiles.afterSingletonsInstantiated();
        assertThat(profiles.forBot("plain").token()).isEqualTo(sandbox.value());
    }

    @Test
    void onceStartedAReloadedBotsOverridesTakeEffect() {
        ConfiguredUpstreamProfiles profiles = new ConfiguredUpstreamProfiles(GLOBAL, bots,
                new StaticListableBeanFactory().getBeanProvider(SandboxToken.class));
        profiles.afterSingletonsInstantiated();
        assertThat(profiles.forBot("plain")).isEqualTo(new UpstreamProfile("global-token", 3, "webhook"));
        bots.replace(List.of(bot("plain", new BotUpstream("reloaded-token", null, 2))));
        assertThat(profiles.forBot("plain")).isEqualTo(new UpstreamProfile("reloaded-token", 2, "webhook"));
        assertThat(profiles.forBot("sales")).isEqualTo(new UpstreamProfile("global-token", 3, "webhook"));
    }

    private static BotConfig bot(String id, BotUpstream upstream) {
        return new BotConfig(id, Platform.WECOM, null, null, "corp", 1000002, "secret", "token",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", null, null, null, null, null, upstream, List.of());
    }
}
