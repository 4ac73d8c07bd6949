package com.actionbridge.admin;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.BotsProperties;
import com.actionbridge.bot.PlatformConverter;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Re-reads the {@code bots:} list without a restart: the configuration files the application was started from
 * are read again from disk (environment variables and command-line arguments stay as they were), the list is
 * bound and validated exactly as at start-up, and only a valid list replaces the registry's. Channels look bots
 * up per delivery, and those holding per-bot connections follow the registry's replacement themselves (see
 * {@link com.actionbridge.bot.BotsListener}), so every bot change applies at once; what a reload never changes
 * (global settings, environment variables) is named in the result's note.
 */
public class BotsReloader {

    /**
     * @param restartRequired bot id → why a restart is still needed for it to take full effect; empty while every
     *                        channel follows a reload on its own (kept so clients of the answer need not change)
     * @param note            what a reload never changes
     */
    public record Outcome(boolean applied, List<String> errors, List<String> bots, List<String> added,
                          List<String> removed, List<String> changed, Map<String, String> restartRequired,
                          String note) {
    }

    static final String NOTE = "Only the bots: list is reloaded. Settings outside it (actionbridge.*, server.*) and "
            + "environment variables keep their start-up values until a restart.";

    private static final Logger log = LoggerFactory.getLogger(BotsReloader.class);
    private static final Pattern DOCUMENT = Pattern.compile("\\(document #(\\d+)\\)$");

    private final ConfigurableEnvironment environment;
    private final BotRegistry registry;
    private final Validator validator;
    private final ReloadBroadcast broadcast;

    public BotsReloader(ConfigurableEnvironment environment, BotRegistry registry, Validator validator) {
        this(environment, registry, validator, () -> { });
    }

    /** @param broadcast told after every applied reload, to reload the other instances too */
    public BotsReloader(ConfigurableEnvironment environment, BotRegistry registry, Validator validator,
                        ReloadBroadcast broadcast) {
        this.environment = environment;
        this.registry = registry;
        this.validator = validator;
        this.broadcast = broadcast;
    }

    /** Reloads this instance, then tells the others (when the store is shared) to reload theirs. */
    public Outcome reload() {
        Outcome outcome = reloadLocally();
        if (outcome.applied()) {
            try {
                broadcast.reloaded();
            } catch (RuntimeException e) {
                log.warn("Bots reloaded here, but the other instances could not be told: {}", e.toString());
            }
        }
        return outcome;
    }

    /** Reloads this instance only (what another instance's broadcast asks for). */
    public synchronized Outcome reloadLocally() {
        List<BotConfig> fresh;
        try {
            fresh = bind(freshSources());
        } catch (IOException e) {
            return failed(List.of("cannot read the configuration: " + e.getMessage()));
        } catch (BindException e) {
            return failed(List.of(describe(e)));
        } catch (RuntimeException e) {
            return failed(List.of("cannot read the configuration: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
        }
        Set<ConstraintViolation<BotsProperties>> violations = validator.validate(new BotsProperties(fresh));
        if (!violations.isEmpty()) {
            List<String> errors = violations.stream().map(ConstraintViolation::getMessage).sorted().toList();
            log.warn("Bots reload refused: {}", String.join("; ", errors));
            return failed(errors);
        }
        List<BotConfig> previous = registry.all();
        Map<String, BotConfig> before = byId(previous);
        Map<String, BotConfig> after = byId(fresh);
        List<String> added = after.keySet().stream().filter(id -> !before.containsKey(id)).toList();
        List<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
        List<String> changed = after.keySet().stream()
                .filter(id -> before.containsKey(id) && !Objects.equals(before.get(id), after.get(id))).toList();
        registry.replace(fresh);
        log.info("Bots reloaded: {} bots; added {}, removed {}, changed {}", fresh.size(), added, removed, changed);
        return new Outcome(true, List.of(), fresh.stream().map(BotConfig::id).toList(), added, removed, changed,
                Map.of(), NOTE);
    }

    private static Map<String, BotConfig> byId(List<BotConfig> bots) {
        return bots.stream().collect(Collectors.toMap(BotConfig::id, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    private Outcome failed(List<String> errors) {
        return new Outcome(false, errors, registry.all().stream().map(BotConfig::id).toList(), List.of(), List.of(),
                List.of(), Map.of(), NOTE);
    }

    private static List<BotConfig> bind(MutablePropertySources sources) {
        ApplicationConversionService conversion = new ApplicationConversionService();
        conversion.addConverter(new PlatformConverter());
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), conversion);
        return binder.bind("bots", Bindable.listOf(BotConfig.class)).orElse(List.of());
    }

    /** The environment's property sources with every file-based configuration source read again. */
    private MutablePropertySources freshSources() throws IOException {
        MutablePropertySources fresh = new MutablePropertySources();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            fresh.addLast(reread(source).orElse(source));
        }
        return fresh;
    }

    private static Optional<PropertySource<?>> reread(PropertySource<?> source) throws IOException {
        if (!(source instanceof OriginTrackedMapPropertySource tracked) || tracked.getPropertyNames().length == 0) {
            return Optional.empty();
        }
        Origin origin = tracked.getOrigin(tracked.getPropertyNames()[0]);
        while (origin != null && !(origin instanceof TextResourceOrigin)) {
            origin = origin.getParent();
        }
        if (!(origin instanceof TextResourceOrigin text) || text.getResource() == null || !text.getResource().isFile()) {
            return Optional.empty();
        }
        Resource resource = text.getResource();
        String filename = resource.getFilename() == null ? "" : resource.getFilename().toLowerCase();
        PropertySourceLoader loader = filename.endsWith(".properties") ? new PropertiesPropertySourceLoader()
                : filename.endsWith(".yml") || filename.endsWith(".yaml") ? new YamlPropertySourceLoader() : null;
        if (loader == null) {
            return Optional.empty();
        }
        if (!resource.exists()) {
            return Optional.of(new MapPropertySource(source.getName(), Map.of()));
        }
        Matcher document = DOCUMENT.matcher(source.getName());
        int index = document.find() ? Integer.parseInt(document.group(1)) : 0;
        List<PropertySource<?>> documents = loader.load(source.getName(), resource);
        return Optional.of(index < documents.size() ? documents.get(index)
                : new MapPropertySource(source.getName(), Map.of()));
    }

    private static String describe(BindException e) {
        List<String> reasons = new ArrayList<>();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                reasons.add(t.getMessage());
            }
        }
        String name = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
        return name + ": " + (reasons.isEmpty() ? "cannot be read" : reasons.get(reasons.size() - 1));
    }
}
