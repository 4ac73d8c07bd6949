package com.actionbridge.bot;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.util.List;

/**
 * One bot from the {@code bots:} list of {@code config/application.yml}. Which keys are required depends on
 * the platform; see the README's configuration reference.
 *
 * @param id             unique, used in callback URLs ({@code [a-z0-9-]})
 * @param platform       wecom, dingtalk or wecom-aibot
 * @param name           a display name for admins (defaults to the id)
 * @param apiBaseUrl     the platform's API host; defaults per platform, replaced by a proxy or a test server
 * @param corpId         WeCom: the corp id (企业ID); DingTalk: optional, the org's corp id used in user ids
 * @param agentId        WeCom: the app's AgentId
 * @param secret         WeCom: the app's Secret
 * @param token          WeCom and WeCom AI bot: the callback Token
 * @param aesKey         WeCom and WeCom AI bot: the callback EncodingAESKey (43 characters)
 * @param clientId       DingTalk: the app's Client ID (AppKey)
 * @param clientSecret   DingTalk: the app's Client Secret (AppSecret)
 * @param robotCode      DingTalk: the robot code; defaults to the client id
 * @param mode           DingTalk: stream (default) or http
 * @param cardTemplateId DingTalk: an interactive card template id; empty for action cards
 * @param upstream       overrides of the upstream settings for this bot
 * @param allowedUsers   when not empty, only these people may use the bot: a full upstream user id
 *                       ({@code wecom:<corp>:<userid>}, {@code web:<id>}) or a bare id of the bot's own platform
 * @param botId          WeCom AI bot: optional, its BotID ({@code aib…}); callbacks naming another bot are refused
 * @param webChat        whether the web chat API may talk as this bot (default false)
 */
public record BotConfig(
        String id,
        Platform platform,
        String name,
        String apiBaseUrl,
        String corpId,
        Integer agentId,
        String secret,
        String token,
        String aesKey,
        String clientId,
        String clientSecret,
        String robotCode,
        DingTalkMode mode,
        String cardTemplateId,
        BotUpstream upstream,
        List<String> allowedUsers,
        String botId,
        Boolean webChat) {

    @ConstructorBinding
    public BotConfig {
        allowedUsers = allowedUsers == null ? List.of() : List.copyOf(allowedUsers);
    }

    /** A bot without a WeCom AI bot BotID that the web chat does not serve. */
    public BotConfig(String id, Platform platform, String name, String apiBaseUrl, String corpId, Integer agentId,
                     String secret, String token, String aesKey, String clientId, String clientSecret,
                     String robotCode, DingTalkMode mode, String cardTemplateId, BotUpstream upstream,
                     List<String> allowedUsers) {
        this(id, platform, name, apiBaseUrl, corpId, agentId, secret, token, aesKey, clientId, clientSecret, robotCode,
                mode, cardTemplateId, upstream, allowedUsers, null, null);
    }

    /** Whether people of the web chat API may talk as this bot ({@code web-chat: true}). */
    public boolean servesWebChat() {
        return Boolean.TRUE.equals(webChat);
    }

    /**
     * Whether the allow-list admits {@code upstreamUserId}. An entry with a colon is a full upstream user id and
     * must equal it; a bare entry (a WeCom UserID, a DingTalk staffId) only matches a person of this bot's own
     * platform, so nobody can claim it through another channel such as the web chat ({@code web:<id>}).
     */
    public boolean admits(String upstreamUserId) {
        if (allowedUsers.isEmpty()) {
            return true;
        }
        if (upstreamUserId == null) {
            return false;
        }
        String own = platform == null ? null : platform.configName() + ":";
        for (String entry : allowedUsers) {
            if (entry.contains(":")) {
                if (entry.equals(upstreamUserId)) {
                    return true;
                }
            } else if (own != null && upstreamUserId.startsWith(own) && upstreamUserId.endsWith(":" + entry)
                    && upstreamUserId.indexOf(':', own.length()) == upstreamUserId.length() - entry.length() - 1) {
                return true;
            }
        }
        return false;
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }

    public String effectiveApiBaseUrl() {
        String url = apiBaseUrl == null || apiBaseUrl.isBlank() ? platform.defaultApiBaseUrl() : apiBaseUrl;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String effectiveRobotCode() {
        return robotCode == null || robotCode.isBlank() ? clientId : robotCode;
    }

    public DingTalkMode effectiveMode() {
        return mode == null ? DingTalkMode.STREAM : mode;
    }

    public boolean hasCardTemplate() {
        return cardTemplateId != null && !cardTemplateId.isBlank();
    }

    @Override
    public String toString() {
        return "BotConfig[id=" + id + ", platform=" + platform + ", corpId=" + corpId + ", agentId=" + agentId
                + ", clientId=" + clientId + ", mode=" + mode + ", botId=" + botId + ", webChat=" + servesWebChat()
                + ", secrets=****]";
    }
}
