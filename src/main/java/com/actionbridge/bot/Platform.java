package com.actionbridge.bot;

/** The chat platform a bot lives on. */
public enum Platform {
    WECOM("https://qyapi.weixin.qq.com"),
    DINGTALK("https://api.dingtalk.com");

    private final String defaultApiBaseUrl;

    Platform(String defaultApiBaseUrl) {
        this.defaultApiBaseUrl = defaultApiBaseUrl;
    }

    public String defaultApiBaseUrl() {
        return defaultApiBaseUrl;
    }
}
