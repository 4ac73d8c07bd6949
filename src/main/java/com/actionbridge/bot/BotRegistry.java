package com.actionbridge.bot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bots currently configured. Channels look a bot up on every delivery rather than keeping their own copy,
 * so a reload of the list takes effect without a restart. Channels that hold per-bot resources register a
 * {@link BotsListener} to follow a replacement.
 */
public class BotRegistry {

    private static final Logger log = LoggerFactory.getLogger(BotRegistry.class);

    /** The list and, for the lookups every delivery makes, the same bots by id (the first of an id wins). */
    private record Bots(List<BotConfig> list, Map<String, BotConfig> byId) {
        static Bots of(List<BotConfig> bots) {
            List<BotConfig> list = List.copyOf(bots);
            Map<String, BotConfig> byId = new HashMap<>();
            for (BotConfig bot : list) {
                if (bot.id() != null) {
                    byId.putIfAbsent(bot.id(), bot);
                }
            }
            return new Bots(list, Map.copyOf(byId));
        }
    }

    private final AtomicReference<Bots> bots;
    private final List<BotsListener> listeners = new CopyOnWriteArrayList<>();

    public BotRegistry(List<BotConfig> bots) {
        this.bots = new AtomicReference<>(Bots.of(bots));
    }

    public List<BotConfig> all() {
        return bots.get().list();
    }

    public List<BotConfig> all(Platform platform) {
        return bots.get().list().stream().filter(b -> b.platform() == platform).toList();
    }

    public Optional<BotConfig> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(bots.get().byId().get(id));
    }

    public Optional<BotConfig> find(String id, Platform platform) {
        return find(id).filter(b -> b.platform() == platform);
    }

    public void addListener(BotsListener listener) {
        listeners.add(listener);
    }

    public void removeListener(BotsListener listener) {
        listeners.remove(listener);
    }

    /**
     * Replaces the whole list (already validated), then tells the listeners. One listener's failure is logged and
     * neither undoes the replacement nor keeps the others from being told.
     */
    public synchronized void replace(List<BotConfig> newBots) {
        Bots replacement = Bots.of(newBots);
        List<BotConfig> after = replacement.list();
        List<BotConfig> before = bots.getAndSet(replacement).list();
        for (BotsListener listener : listeners) {
            try {
                listener.botsReplaced(before, after);
            } catch (RuntimeException e) {
                log.error("Bots replaced, but {} could not follow: {}", listener.getClass().getSimpleName(),
                        e.toString(), e);
            }
        }
    }
}
