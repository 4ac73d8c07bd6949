package com.actionbridge.conversation;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The Chinese and English bundles carry the same keys, and every upstream error kind has a text. */
class MessageBundleTest {

    static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = MessageBundleTest.class.getResourceAsStream("/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothBundlesHaveTheSameKeys() throws Exception {
        Properties zh = load("messages.properties");
        Properties en = load("messages_en.properties");
        assertThat(en.stringPropertyNames()).isEqualTo(zh.stringPropertyNames());
        assertThat(zh.getProperty("help.title")).isEqualTo("使用帮助");
        for (com.actionbridge.action.ActionException.Kind kind : com.actionbridge.action.ActionException.Kind.values()) {
            assertThat(zh).containsKey("upstream.error." + kind.name());
        }
    }
}
