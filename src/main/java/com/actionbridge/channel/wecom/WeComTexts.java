package com.actionbridge.channel.wecom;

import org.springframework.context.support.ResourceBundleMessageSource;

import java.util.Locale;

/** The channel's own wording, from {@code i18n/wecom*.properties} in the configured locale. */
public final class WeComTexts {

    private final ResourceBundleMessageSource source = new ResourceBundleMessageSource();
    private final Locale locale;

    public WeComTexts(Locale locale) {
        source.setBasename("i18n/wecom");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        this.locale = locale;
    }

    public String get(String key, Object... args) {
        return source.getMessage(key, args, locale);
    }
}
