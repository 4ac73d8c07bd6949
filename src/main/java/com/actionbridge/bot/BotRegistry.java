package com.actionbridge.bot;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bots currently configured. Channels look a bot up on every delivery rather than keeping their own copy,
 * so a reload of the list takes effect without a restart.
 */
public class BotRegistry {

    private final AtomicReference<List<BotConfig>> bots;

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

    /** Replaces the whole list (already validated). */
    public void replace(List<BotConfig> newBots) {
        bots.set(List.copyOf(newBots));
    }
}
