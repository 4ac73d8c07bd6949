package com.actionbridge.channel.dingtalk;

import org.springframework.context.MessageSource;

import java.util.Locale;

/**
 * The channel's own words ({@code i18n/dingtalk*.properties}). The Chinese text is also the fallback, so the
 * channel still speaks when the bundle is not on the message source's basename list.
 */
public class DingTalkTexts {

    private final MessageSource messages;
    private final Locale locale;

    public DingTalkTexts(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    /** Chinese texts without a message source, for tests and tools. */
    public static DingTalkTexts chinese() {
        return new DingTalkTexts(null, Locale.SIMPLIFIED_CHINESE);
    }

    public String textOnly() {
        return get("dingtalk.text-only", "目前只支持文字消息，请直接输入文字告诉我你要做什么。");
    }

    public String textOnlyTitle() {
        return get("dingtalk.text-only.title", "只支持文字消息");
    }

    public String typeNumber() {
        return get("dingtalk.type-number", "点击按钮，或回复序号选择。");
    }

    public String typeNumberInGroup() {
        return get("dingtalk.type-number.group", "点击按钮，或 @我 并回复序号选择。");
    }

    private String get(String code, String fallback) {
        String text = messages == null ? null : messages.getMessage(code, null, null, locale);
        return text == null ? fallback : text;
    }
}
