package com.actionbridge.action;

/**
 * The per-bot settings of upstream calls (a bot may override the global ones).
 *
 * @param token         the bearer token; never logged
 * @param returnAmount  most candidate actions to return; sent as a JSON string
 * @param appNameFilter comma-separated keywords of apps to exclude
 */
public record UpstreamProfile(String token, int returnAmount, String appNameFilter) {

    @Override
    public String toString() {
        return "UpstreamProfile[token=****, returnAmount=" + returnAmount + ", appNameFilter=" + appNameFilter + "]";
    }
}
