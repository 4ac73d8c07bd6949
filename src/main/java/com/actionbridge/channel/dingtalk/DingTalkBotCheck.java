package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;

import java.net.URI;
import java.util.List;

/** Start-up check of the DingTalk bots: an incomplete bot stops the application, naming the bot and the key. */
final class DingTalkBotCheck {

    private DingTalkBotCheck() {
    }

    static void check(List<BotConfig> bots) {
        for (BotConfig bot : bots) {
            require(bot, "client-id", bot.clientId());
            require(bot, "client-secret", bot.clientSecret());
            String url = bot.effectiveApiBaseUrl();
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw fail(bot, "api-base-url", "is not a URL: " + url);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw fail(bot, "api-base-url", "must be an http(s) URL with a host: " + url);
            }
        }
    }

    private static void require(BotConfig bot, String key, String value) {
        if (value == null || value.isBlank()) {
            throw fail(bot, key, "is required");
        }
    }

    private static IllegalStateException fail(BotConfig bot, String key, String problem) {
        return new IllegalStateException("DingTalk bot '" + bot.id() + "': " + key + " " + problem
                + " (bots[id=" + bot.id() + "]." + key + ")");
    }
}
