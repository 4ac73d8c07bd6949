package com.actionbridge.admin;

import org.springframework.context.support.ResourceBundleMessageSource;

import java.util.Locale;

/** The texts of the cards the admission policies answer with ({@code i18n/admin*.properties}). */
public class AdminTexts {

    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    private final Locale locale;

    public AdminTexts(String localeTag) {
        messages.setBasename("i18n/admin");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        this.locale = Locale.forLanguageTag(localeTag == null || localeTag.isBlank() ? "zh-CN" : localeTag);
    }

    public String get(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
