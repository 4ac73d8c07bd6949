package com.actionbridge.admin;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each configured bot's state as health and the console show it: its connection as reported by the channels'
 * {@link BotConnectionSource}s (the first source in {@code @Order} that knows the bot wins) and the upstream probe.
 */
public class BotStates implements SmartInitializingSingleton {

    /** UP: connected and the upstream reachable; DOWN: either is not; UNKNOWN: no channel reports the bot. */
    public enum State { UP, DOWN, UNKNOWN }

    /**
     * @param connection what its channel reports, or null when no channel knows the bot
     * @param details    the health details (no secrets)
     */
    public record BotState(BotConfig bot, String mode, BotConnection connection, State state,
                           Map<String, Object> details) {
    }

    private final BotRegistry registry;
    private final ObjectProvider<BotConnectionSource> sources;
    private final UpstreamProbe upstream;
    /** The sources in order, once every singleton exists; until then they are looked up on each call. */
    private volatile List<BotConnectionSource> ordered;

    public BotStates(BotRegistry registry, ObjectProvider<BotConnectionSource> sources, UpstreamProbe upstream) {
        this.registry = registry;
        this.sources = sources;
        this.upstream = upstream;
    }

    /** Resolving the sources through the bean factory on every health call cost more than the states themselves. */
    @Override
    public void afterSingletonsInstantiated() {
        ordered = sources.orderedStream().toList();
    }

    /** Whether the bot is configured, without working out its state. */
    public boolean knows(String botId) {
        return registry.find(botId).isPresent();
    }

    /** The configured bots' ids, in configuration order, without working out their states. */
    public List<String> botIds() {
        return registry.all().stream().map(BotConfig::id).toList();
    }

    public List<BotState> all() {
        return registry.all().stream().map(this::stateOf).toList();
    }

    public Optional<BotState> find(String botId) {
        return registry.find(botId).map(this::stateOf);
    }

    public static String modeOf(BotConfig bot) {
        if (bot.platform() == Platform.DINGTALK) {
            return bot.effectiveMode().name().toLowerCase();
        }
        return "callback";
    }

    private BotState stateOf(BotConfig bot) {
        List<BotConnectionSource> known = ordered;
        BotConnection connection = null;
        for (BotConnectionSource source : known != null ? known : sources.orderedStream().toList()) {
            Optional<BotConnection> reported = safely(source, bot.id());
            if (reported.isPresent()) {
                connection = reported.get();
                break;
            }
        }
        UpstreamProbe.Result probe = upstream.check();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("platform", bot.platform() == null ? null : bot.platform().configName());
        details.put("mode", modeOf(bot));
        State state;
        if (connection == null) {
            details.put("connection", "no channel reports this bot");
            state = State.UNKNOWN;
        } else {
            details.put("connected", connection.connected());
            putIfNotNull(details, "detail", connection.detail());
            putIfNotNull(details, "lastConnected", connection.lastConnected() == null ? null
                    : connection.lastConnected().toString());
            details.put("reconnects", connection.reconnects());
            putIfNotNull(details, "lastError", connection.lastError());
            state = connection.connected() ? State.UP : State.DOWN;
        }
        details.put("upstreamReachable", probe.reachable());
        putIfNotNull(details, "upstream", probe.target());
        details.put("upstreamSandbox", probe.sandbox());
        putIfNotNull(details, "upstreamError", probe.error());
        if (!probe.reachable()) {
            state = State.DOWN;
        }
        return new BotState(bot, modeOf(bot), connection, state, details);
    }

    private static Optional<BotConnection> safely(BotConnectionSource source, String botId) {
        try {
            Optional<BotConnection> connection = source.connection(botId);
            return connection == null ? Optional.empty() : connection;
        } catch (RuntimeException e) {
            return Optional.of(new BotConnection(botId, false, null, 0,
                    "state unavailable: " + e.getClass().getSimpleName(), null));
        }
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
