package com.actionbridge.bot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
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

    private final AtomicReference<List<BotConfig>> bots;
    private final List<BotsListener> listeners = new CopyOnWriteArrayList<>();

    public BotRegistry(List<BotConfig> bots) {
        this.bots = new AtomicReference<>(List.copyOf(bots));
    }

    public List<BotConfig> all() {
        return bots.get();
    }

    public List<BotConfig> all(Platform platform) {
        return bots.get().stream().filter(b -> b.platform() == platform).toList();
    }

    public Optional<BotConfig> find(String id) {
        return bots.get().stream().filter(b -> b.id().equals(id)).findFirst();
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
        List<BotConfig> after = List.copyOf(newBots);
        List<BotConfig> before = bots.getAndSet(after);
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
