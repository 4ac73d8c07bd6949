package com.actionbridge.admin;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotsValidator;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.bot.Platform;
import com.actionbridge.bot.PlatformConverter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** config/application.yml as shipped: it starts with no bots and no secrets, and its examples are valid bots. */
class ConfigFileTest {

    private static final Path FILE = Path.of("config/application.yml");

    private static Binder binder(List<PropertySource<?>> yaml, Map<String, Object> env) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("env", env));
        yaml.forEach(sources::addLast);
        ApplicationConversionService conversion = new ApplicationConversionService();
        conversion.addConverter(new PlatformConverter());
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources),
                conversion);
    }

    @Test
    void shippedFileHasNoBotsAndTheDocumentedDefaults() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("config", new FileSystemResource(FILE));
        Binder binder = binder(yaml, Map.of());
        assertThat(binder.bind("bots", Bindable.listOf(BotConfig.class)).orElse(List.of())).isEmpty();
        assertThat(binder.bind("actionbridge.admin.token", String.class).orElse("")).isEmpty();
        assertThat(binder.bind("actionbridge.rate-limit.per-minute", Integer.class).get()).isEqualTo(20);
        assertThat(binder.bind("actionbridge.admin.record-text", Boolean.class).get()).isFalse();
        assertThat(binder.bind("management.endpoints.web.exposure.include", String.class).get())
                .isEqualTo("health,info,prometheus");
        assertThat(binder.bind("server.shutdown", String.class).get()).isEqualTo("graceful");
    }

    @Test
    void theCommentedExamplesAreValidBots() throws IOException {
        String text = Files.readString(FILE, StandardCharsets.UTF_8);
        String bots = "bots:\n" + example(text, "# --- Example: a WeCom") + example(text, "# --- Example: a DingTalk")
                + example(text, "# --- Example: a WeCom AI bot");
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("examples",
                new ByteArrayResource(bots.getBytes(StandardCharsets.UTF_8)));
        Binder binder = binder(yaml, Map.of("WECOM_CORP_ID", "ww0123", "WECOM_HR_SECRET", "secret",
                "WECOM_HR_TOKEN", "token123", "WECOM_HR_AES_KEY", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "DINGTALK_OPS_CLIENT_ID", "dingid", "DINGTALK_OPS_CLIENT_SECRET", "dingsecret",
                "WECOM_TEAM_BOT_TOKEN", "teamToken1", "WECOM_TEAM_BOT_AES_KEY", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
        List<BotConfig> list = binder.bind("bots", Bindable.listOf(BotConfig.class)).get();
        assertThat(list).extracting(BotConfig::id).containsExactly("hr-wecom", "ops-dingtalk", "team-bot");
        assertThat(list.get(0).platform()).isEqualTo(Platform.WECOM);
        assertThat(list.get(0).agentId()).isEqualTo(1000002);
        assertThat(list.get(1).effectiveMode()).isEqualTo(DingTalkMode.STREAM);
        assertThat(list.get(1).upstream().returnAmount()).isEqualTo(3);
        assertThat(list.get(2).platform()).isEqualTo(Platform.WECOM_AIBOT);
        assertThat(BotsValidator.problems(list)).isEmpty();

        List<BotConfig> unset = binder(yaml, Map.of()).bind("bots", Bindable.listOf(BotConfig.class)).get();
        assertThat(BotsValidator.problems(unset)).contains(
                "bots[0] (id=hr-wecom): secret refers to ${WECOM_HR_SECRET}, which is not set",
                "bots[1] (id=ops-dingtalk): client-secret refers to ${DINGTALK_OPS_CLIENT_SECRET}, which is not set",
                "bots[2] (id=team-bot): token refers to ${WECOM_TEAM_BOT_TOKEN}, which is not set");
    }

    /** The example's lines, uncommented, up to the next blank comment line. */
    private static String example(String text, String header) {
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(header)) {
                in = true;
                continue;
            }
            if (in) {
                if (!line.startsWith("#  ") && !line.startsWith("#    ")) {
                    break;
                }
                out.append(line.substring(1)).append('\n');
            }
        }
        assertThat(out).as(header).isNotEmpty();
        return out.toString();
    }
}
