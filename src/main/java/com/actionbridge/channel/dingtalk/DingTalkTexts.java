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

    /** Said after a body that was too long for one message and was cut. */
    public String textCut() {
        return get("dingtalk.text-cut", "（内容过长，后面的部分已省略。）");
    }

    /** Said when not every option could be listed: how many there are and how to pick any of them. */
    public String optionsCut(int total, boolean group) {
        return group
                ? get("dingtalk.options-cut.group", "共 {0,number,#} 个选项，只列出了一部分：@我 并回复序号可选择任一选项，或说得更具体些来缩小范围。", total)
                : get("dingtalk.options-cut", "共 {0,number,#} 个选项，只列出了一部分：回复序号可选择任一选项，或说得更具体些来缩小范围。", total);
    }

    private String get(String code, String fallback, Object... args) {
        String text = messages == null ? null : messages.getMessage(code, args, null, locale);
        return text == null ? java.text.MessageFormat.format(fallback, args) : text;
    }
}
