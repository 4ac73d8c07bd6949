package com.actionbridge.bot;

import java.util.List;

/**
 * Told when {@link BotRegistry#replace} has swapped the bots list, so a channel that keeps per-bot resources
 * (connections, clients) can bring them in line. Called on the replacing thread, one replacement at a time,
 * after the new list is visible through the registry.
 */
@FunctionalInterface
public interface BotsListener {

    void botsReplaced(List<BotConfig> before, List<BotConfig> after);
}
