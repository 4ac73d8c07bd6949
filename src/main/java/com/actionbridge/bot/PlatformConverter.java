package com.actionbridge.bot;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads {@code platform:} case-insensitively and names the accepted values when a bot's platform is unknown. */
@Component
@ConfigurationPropertiesBinding
public class PlatformConverter implements Converter<String, Platform> {

    @Override
    public Platform convert(String source) {
        String value = source.trim();
        if (value.isEmpty()) {
            return null;
        }
        for (Platform platform : Platform.values()) {
            if (platform.name().equalsIgnoreCase(value)) {
                return platform;
            }
        }
        throw new IllegalArgumentException("unknown platform '" + value + "'; use "
                + Arrays.stream(Platform.values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" or ")));
    }
}
