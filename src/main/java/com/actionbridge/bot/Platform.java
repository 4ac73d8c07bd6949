package com.actionbridge.bot;

/** The chat platform a bot lives on. */
public enum Platform {
    WECOM("https://qyapi.weixin.qq.com"),
    DINGTALK("https://api.dingtalk.com"),
    /** A WeCom AI bot (智能机器人) in API mode: callbacks only, replies go back in the callback's answer. */
    WECOM_AIBOT("https://qyapi.weixin.qq.com");

    private final String defaultApiBaseUrl;

    Platform(String defaultApiBaseUrl) {
        this.defaultApiBaseUrl = defaultApiBaseUrl;
    }

    /** The name used in the configuration file and shown to admins: {@code wecom}, {@code wecom-aibot}, … */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public String defaultApiBaseUrl() {
        return defaultApiBaseUrl;
    }
}
