package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.store.memory.InMemoryDeduplicator;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.Inbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/** The channel wired by hand around a given engine, as the Spring configuration wires it. */
final class TestChannel implements AutoCloseable {

    final BotRegistry registry;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CallbackMetrics metrics = new CallbackMetrics(meters);
    final DingTalkApi api;
    final DingTalkReplier replier;
    final DingTalkInbound inbound;
    final DingTalkStreamClients streams;

    TestChannel(Conversations engine, DingTalkProperties props, BotConfig... bots) {
        registry = new BotRegistry(List.of(bots));
        DingTalkTexts texts = DingTalkTexts.chinese();
        api = new DingTalkApi(props, Clock.systemUTC());
        replier = new DingTalkReplier(api, new ActionCardRenderer(texts), new InteractiveCardRenderer(), props,
                Clock.systemUTC(), meters);
        inbound = new DingTalkInbound(Inbox.direct(engine), new InMemoryDeduplicator(Duration.ofMinutes(10), 10_000), metrics,
                replier, texts, Executors.newSingleThreadExecutor());
        streams = new DingTalkStreamClients(registry, inbound, Clock.systemUTC());
    }

    double count(String botId, String outcome) {
        var c = meters.find("actionbridge.callbacks").tag("bot", botId).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        streams.stop();
        inbound.close();
    }
}
