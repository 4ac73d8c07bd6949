package com.actionbridge.bot;

/**
 * A bot's overrides of the global upstream settings; a null value keeps the global one.
 *
 * @param token         bearer token for this bot's calls
 * @param appNameFilter comma-separated keywords of apps to exclude
 * @param returnAmount  most candidate actions to return
 */
public record BotUpstream(String token, String appNameFilter, Integer returnAmount) {

    @Override
    public String toString() {
        return "BotUpstream[token=" + (token == null ? "null" : "****") + ", appNameFilter=" + appNameFilter
                + ", returnAmount=" + returnAmount + "]";
    }
}
