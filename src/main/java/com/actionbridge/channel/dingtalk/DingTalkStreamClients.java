package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.bot.Platform;
import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.callback.DingTalkStreamTopics;
import com.dingtalk.open.app.api.callback.OpenDingTalkCallbackListener;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.network.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One app-stream-client per Stream-mode DingTalk bot, started with the application and stopped on shutdown
 * (an ungraceful stop leaves stale sockets on DingTalk's side). The listeners take the raw JSON, hand it to
 * {@link DingTalkInbound} and return at once, so the acknowledgement never waits for the upstream. A monitor
 * samples each client's sessions to keep its connection state; HTTP-mode bots are reported as configured.
 */
public class DingTalkStreamClients implements SmartLifecycle, BotConnectionSource {

    static final String BOT_TOPIC = DingTalkStreamTopics.BOT_MESSAGE_TOPIC;
    static final String CARD_TOPIC = DingTalkStreamTopics.CARD_CALLBACK_TOPIC;
    private static final Logger log = LoggerFactory.getLogger(DingTalkStreamClients.class);

    private record Running(BotConfig bot, OpenDingTalkClient client, StreamConnectionState state) {
    }

    private final BotRegistry registry;
    private final DingTalkInbound inbound;
    private final Clock clock;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private volatile ScheduledExecutorService monitor;
    private volatile boolean started;

    public DingTalkStreamClients(BotRegistry registry, DingTalkInbound inbound, Clock clock) {
        this.registry = registry;
        this.inbound = inbound;
        this.clock = clock;
        DingTalkBotCheck.check(registry.all(Platform.DINGTALK));
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        for (BotConfig bot : registry.all(Platform.DINGTALK)) {
            if (bot.effectiveMode() == DingTalkMode.STREAM || bot.hasCardTemplate()) {
                running.put(bot.id(), open(bot, bot.effectiveMode() == DingTalkMode.STREAM));
            }
        }
        if (!running.isEmpty()) {
            monitor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dingtalk-stream-monitor");
                t.setDaemon(true);
                return t;
            });
            monitor.scheduleWithFixedDelay(this::sample, 0, 250, TimeUnit.MILLISECONDS);
        }
        started = true;
    }

    /**
     * Interactive-card clicks only ever arrive over Stream (the cards are created with callbackType STREAM), so an
     * HTTP-mode bot with a card template still opens a Stream connection, for card callbacks only.
     */
    private Running open(BotConfig bot, boolean messages) {
        StreamConnectionState state = new StreamConnectionState(bot.id());
        OpenDingTalkStreamClientBuilder builder = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(bot.clientId(), bot.clientSecret()));
        if (messages) {
            builder.registerCallbackListener(BOT_TOPIC, new MessageListener(inbound, bot.id(), registry));
        }
        builder.registerCallbackListener(CARD_TOPIC, new CardListener(inbound, bot.id(), registry));
        StreamClientProbe.setOpenApiHost(builder, bot.effectiveApiBaseUrl());
        OpenDingTalkClient client = builder.build();
        try {
            client.start();
            if (!StreamClientProbe.watchOpenCalls(client, e -> state.error(describe(e)))) {
                log.warn("DingTalk bot {}: cannot watch the Stream gateway calls of this SDK version", bot.id());
            }
            log.info("DingTalk bot {}: Stream client started against {}", bot.id(), bot.effectiveApiBaseUrl());
        } catch (Exception e) {
            state.error(describe(e));
            log.error("DingTalk bot {}: Stream client did not start: {}", bot.id(), describe(e));
        }
        return new Running(bot, client, state);
    }

    private void sample() {
        for (Running r : running.values()) {
            Map<String, Session> sessions = StreamClientProbe.sessions(r.client());
            if (sessions != null) {
                r.state().observe(StreamClientProbe.connected(sessions), clock.instant());
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (monitor != null) {
            monitor.shutdownNow();
        }
        for (Running r : running.values()) {
            try {
                r.client().stop();
            } catch (Exception e) {
                log.warn("DingTalk bot {}: Stream client did not stop cleanly: {}", r.bot().id(), describe(e));
            }
        }
        running.clear();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public Optional<BotConnection> connection(String botId) {
        Optional<BotConfig> bot = registry.find(botId, Platform.DINGTALK);
        if (bot.isEmpty()) {
            return Optional.empty();
        }
        boolean http = bot.get().effectiveMode() == DingTalkMode.HTTP;
        if (http && !bot.get().hasCardTemplate()) {
            return Optional.of(new BotConnection(botId, true, null, 0, null, "http callback"));
        }
        String detail = http ? "http callback + stream card callbacks" : "stream";
        Running r;
        synchronized (this) {
            r = running.get(botId);
        }
        if (r == null) {
            return Optional.of(new BotConnection(botId, false, null, 0, null, detail + " (not started)"));
        }
        Map<String, Session> sessions = StreamClientProbe.sessions(r.client());
        if (sessions == null) {
            return Optional.of(r.state().snapshot(detail + " (state not observable)"));
        }
        r.state().observe(StreamClientProbe.connected(sessions), clock.instant());
        return Optional.of(r.state().snapshot(detail));
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    /** Bot messages: Req = String keeps the raw JSON (the SDK's model drops fields). */
    static final class MessageListener implements OpenDingTalkCallbackListener<String, String> {
        private final transient DingTalkInbound inbound;
        private final String botId;
        private final transient BotRegistry registry;

        MessageListener(DingTalkInbound inbound, String botId, BotRegistry registry) {
            this.inbound = inbound;
            this.botId = botId;
            this.registry = registry;
        }

        @Override
        public String execute(String json) {
            registry.find(botId, Platform.DINGTALK).ifPresent(bot -> {
                try {
                    inbound.onMessage(bot, json);
                } catch (DingTalkPayloads.MalformedPayloadException e) {
                    log.warn("DingTalk bot {}: unreadable Stream message dropped: {}", botId, e.getMessage());
                }
            });
            return null;
        }
    }

    /** Interactive-card button callbacks. */
    static final class CardListener implements OpenDingTalkCallbackListener<String, String> {
        private final transient DingTalkInbound inbound;
        private final String botId;
        private final transient BotRegistry registry;

        CardListener(DingTalkInbound inbound, String botId, BotRegistry registry) {
            this.inbound = inbound;
            this.botId = botId;
            this.registry = registry;
        }

        @Override
        public String execute(String json) {
            registry.find(botId, Platform.DINGTALK).ifPresent(bot -> {
                try {
                    inbound.onCardClick(bot, json);
                } catch (DingTalkPayloads.MalformedPayloadException e) {
                    log.warn("DingTalk bot {}: unreadable card callback dropped: {}", botId, e.getMessage());
                }
            });
            return null;
        }
    }
}
