package com.actionbridge.docs;

import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path ({@code /callback/…}, {@code /admin/…}, {@code /api/…}) and every {@code actionbridge.*} key that
 * README.md and docs/*.md name exists: the paths among the application's request mappings, the keys among its
 * {@code @ConfigurationProperties} and config/application.yml.
 */
@SpringBootTest(properties = "actionbridge.admin.token=docs-truth-test-token-0123456789")
class DocsTruthTest {

    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/-])/(?:callback|admin|api)(?:/[A-Za-z0-9_.<>{}-]*)*");
    private static final Pattern KEY = Pattern.compile("(?<![\\w./-])actionbridge(?:\\.[a-z0-9-]+)+");
    /** Names of files (the systemd unit, env files, the jar) that look like settings. */
    private static final Pattern FILE_NAME = Pattern.compile(".*\\.(service|env|example|jar|yml|yaml)$");

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static Map<String, String> docs() throws IOException {
        Map<String, String> docs = new TreeMap<>();
        docs.put("README.md", Files.readString(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                docs.put("docs/" + f.getFileName(), Files.readString(f));
            }
        }
        return docs;
    }

    @Test
    void everyPathTheDocsNameIsMapped() throws IOException {
        List<PathPattern> patterns = mappings.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPathPatternsCondition() == null ? Stream.empty()
                        : info.getPathPatternsCondition().getPatterns().stream())
                .toList();
        List<String> checked = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> doc : docs().entrySet()) {
            Matcher m = PATH.matcher(doc.getValue());
            while (m.find()) {
                String path = m.group().replaceAll("[.]+$", "");
                String concrete = path.replaceAll("<[^>]*>|\\{[^}]*}", "x");
                boolean mapped = patterns.stream().anyMatch(p -> p.matches(PathContainer.parsePath(concrete))
                        || p.getPatternString().startsWith(concrete.endsWith("/") ? concrete : concrete + "/")
                        || p.getPatternString().equals(concrete))
                        || Files.exists(Path.of("src/main/resources/static" + concrete));
                checked.add(path);
                if (!mapped) {
                    missing.add(doc.getKey() + ": " + path);
                }
            }
        }
        assertThat(checked).as("the docs name the callback paths").contains("/callback/wecom/<bot-id>",
                "/callback/dingtalk/<bot-id>");
        assertThat(missing).as("paths named in the docs that the application does not serve").isEmpty();
    }

    @Test
    void everySettingTheDocsNameExists() throws IOException {
        Set<String> known = new TreeSet<>(configFileKeys());
        for (Object bean : context.getBeansWithAnnotation(ConfigurationProperties.class).values()) {
            Class<?> type = AopUtils.getTargetClass(bean);
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            if (annotation != null) {
                String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                addKeys(known, prefix, type);
            }
        }
        List<String> checked = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> doc : docs().entrySet()) {
            Matcher m = KEY.matcher(doc.getValue());
            while (m.find()) {
                String key = m.group().replaceAll("[.-]+$", "");
                if (FILE_NAME.matcher(key).matches()) {
                    continue;
                }
                checked.add(key);
                boolean exists = known.stream().anyMatch(k -> k.equals(key) || k.startsWith(key + "."));
                if (!exists) {
                    missing.add(doc.getKey() + ": " + key);
                }
            }
        }
        assertThat(checked).contains("actionbridge.public-url", "actionbridge.locale");
        assertThat(missing).as("settings named in the docs that do not exist").isEmpty();
    }

    private static Set<String> configFileKeys() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("config/application.yml"));
        Set<String> keys = new TreeSet<>();
        // Every key, whatever its value's type (stringPropertyNames() would drop numbers and booleans).
        yaml.getObject().keySet().forEach(k -> keys.add(String.valueOf(k).replaceAll("\\[\\d+]", "")));
        return keys;
    }

    private static void addKeys(Set<String> known, String prefix, Class<?> type) {
        if (!type.isRecord()) {
            known.add(prefix);
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + "." + c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            known.add(key);
            if (c.getType().isRecord() && c.getType().getPackageName().startsWith("com.actionbridge")) {
                addKeys(known, key, c.getType());
            }
        }
    }
}
