package com.actionbridge.action;

/** The upstream settings to use for one bot: the global ones with the bot's overrides applied. */
@FunctionalInterface
public interface UpstreamProfiles {

    UpstreamProfile forBot(String botId);
}
