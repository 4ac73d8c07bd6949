package com.actionbridge.bot;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads {@code platform:} case-insensitively and names the accepted values when a bot's platform is unknown. */
@Component
@ConfigurationPropertiesBinding
public class PlatformConverter implements Converter<String, Platform> {

    /** "wecom, dingtalk or wecom-aibot": the values {@code platform:} accepts. */
    public static String accepted() {
        String all = Arrays.stream(Platform.values()).map(Platform::configName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }

    @Override
    public Platform convert(String source) {
        String value = source.trim();
        if (value.isEmpty()) {
            return null;
        }
        for (Platform platform : Platform.values()) {
            if (platform.configName().equalsIgnoreCase(value) || platform.name().equalsIgnoreCase(value)) {
                return platform;
            }
        }
        throw new IllegalArgumentException("unknown platform '" + value + "'; use " + accepted());
    }
}
