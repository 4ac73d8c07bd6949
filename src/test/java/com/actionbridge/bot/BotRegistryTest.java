package com.actionbridge.bot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replacing the list tells every listener the old and the new list, even when one of them fails. */
class BotRegistryTest {

    private static BotConfig bot(String id) {
        return new BotConfig(id, Platform.DINGTALK, null, null, null, null, null, null, null, "client-" + id,
                "secret-" + id, null, DingTalkMode.STREAM, null, null, List.of());
    }

    @Test
    void listenersSeeTheOldAndTheNewListAfterTheSwap() {
        BotRegistry registry = new BotRegistry(List.of(bot("a")));
        List<String> seen = new ArrayList<>();
        registry.addListener((before, after) -> {
            throw new IllegalStateException("this listener fails");
        });
        registry.addListener((before, after) -> seen.add(ids(before) + " -> " + ids(after) + " registry "
                + ids(registry.all())));

        registry.replace(List.of(bot("a"), bot("b")));

        assertThat(seen).containsExactly("[a] -> [a, b] registry [a, b]");
        assertThat(registry.find("b")).isPresent();
    }

    @Test
    void lookupsByIdFollowAReplacement() {
        BotConfig first = bot("a");
        BotRegistry registry = new BotRegistry(List.of(first, bot("b")));
        assertThat(registry.find("a")).containsSame(first);
        assertThat(registry.find("a", Platform.DINGTALK)).containsSame(first);
        assertThat(registry.find("a", Platform.WECOM)).isEmpty();
        assertThat(registry.find(null)).isEmpty();
        assertThat(registry.find("c")).isEmpty();

        BotConfig reloaded = new BotConfig("a", Platform.DINGTALK, "renamed", null, null, null, null, null, null,
                "client-a", "other-secret", null, DingTalkMode.STREAM, null, null, List.of());
        registry.replace(List.of(reloaded, bot("c")));

        assertThat(registry.find("a")).containsSame(reloaded);
        assertThat(registry.find("b")).isEmpty();
        assertThat(registry.find("c")).isPresent();
        assertThat(ids(registry.all())).containsExactly("a", "c");
    }

    @Test
    void aRemovedListenerIsNoLongerTold() {
        BotRegistry registry = new BotRegistry(List.of());
        List<List<BotConfig>> seen = new ArrayList<>();
        BotsListener listener = (before, after) -> seen.add(after);
        registry.addListener(listener);
        registry.replace(List.of(bot("a")));
        registry.removeListener(listener);
        registry.replace(List.of());
        assertThat(seen).hasSize(1);
    }

    private static List<String> ids(List<BotConfig> bots) {
        return bots.stream().map(BotConfig::id).toList();
    }
}
