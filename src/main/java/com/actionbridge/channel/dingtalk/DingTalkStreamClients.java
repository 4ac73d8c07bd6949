package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotConnection;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.BotsListener;
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
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>When the registry's list is replaced (a reload), the clients follow: a bot that newly needs a Stream connection
 * gets one, a removed bot or one that no longer needs it has its client stopped, a bot whose connection settings
 * changed ({@link StreamSettings}) gets a new client, and every other client is left alone. Start, stop and this
 * reconciliation hold the same lock, so they never interleave; before start and after stop a replacement only
 * changes what the next start opens.
 */
public class DingTalkStreamClients implements SmartLifecycle, BotConnectionSource, BotsListener {

    static final String BOT_TOPIC = DingTalkStreamTopics.BOT_MESSAGE_TOPIC;
    static final String CARD_TOPIC = DingTalkStreamTopics.CARD_CALLBACK_TOPIC;
    private static final Logger log = LoggerFactory.getLogger(DingTalkStreamClients.class);
    /** The SDK retries a lost or failed connection on this fixed tick (DefaultSessionPool, 1.3.12). */
    static final Duration SDK_RETRY_INTERVAL = Duration.ofSeconds(5);
    /**
     * Logs every failed connection attempt at ERROR with a stack trace and without the bot; we log one line per
     * attempt ourselves instead.
     */
    private static final String SDK_SESSION_POOL_LOGGER =
            "com.dingtalk.open.app.stream.network.core.DefaultSessionPool";

    private record Running(BotConfig bot, OpenDingTalkClient client, StreamConnectionState state) {
    }

    /** What a bot's Stream client is built from: a change in any of these needs a new client. */
    record StreamSettings(String clientId, String clientSecret, String apiBaseUrl, DingTalkMode mode, boolean cards) {
        static StreamSettings of(BotConfig bot) {
            return new StreamSettings(bot.clientId(), bot.clientSecret(), bot.effectiveApiBaseUrl(),
                    bot.effectiveMode(), bot.hasCardTemplate());
        }
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
        registry.addListener(this);
    }

    static boolean needsStream(BotConfig bot) {
        return bot.platform() == Platform.DINGTALK
                && (bot.effectiveMode() == DingTalkMode.STREAM || bot.hasCardTemplate());
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        LoggingSystem.get(DingTalkStreamClients.class.getClassLoader())
                .setLogLevel(SDK_SESSION_POOL_LOGGER, LogLevel.OFF);
        for (BotConfig bot : registry.all(Platform.DINGTALK)) {
            if (needsStream(bot)) {
                running.put(bot.id(), open(bot, bot.effectiveMode() == DingTalkMode.STREAM));
            }
        }
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dingtalk-stream-monitor");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleWithFixedDelay(this::sample, 0, 250, TimeUnit.MILLISECONDS);
        started = true;
    }

    /**
     * Brings the running clients in line with the new list. Compares against the clients actually running (not the
     * previous list), so it is correct whatever ran between the registry's swap and this call.
     */
    @Override
    public synchronized void botsReplaced(List<BotConfig> before, List<BotConfig> after) {
        if (!started) {
            return;
        }
        Map<String, BotConfig> wanted = new LinkedHashMap<>();
        for (BotConfig bot : after) {
            if (needsStream(bot)) {
                wanted.put(bot.id(), bot);
            }
        }
        List<String> stopped = new ArrayList<>();
        List<String> opened = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        for (Running r : new ArrayList<>(running.values())) {
            BotConfig next = wanted.get(r.bot().id());
            if (next == null) {
                running.remove(r.bot().id());
                close(r);
                stopped.add(r.bot().id());
            } else if (!StreamSettings.of(next).equals(StreamSettings.of(r.bot()))) {
                running.remove(r.bot().id());
                close(r);
                restarted.add(r.bot().id());
            } else {
                // Same connection; keep the client, remember the bot as now configured (name, upstream, …).
                running.put(next.id(), new Running(next, r.client(), r.state()));
            }
        }
        for (BotConfig bot : wanted.values()) {
            if (!running.containsKey(bot.id())) {
                running.put(bot.id(), open(bot, bot.effectiveMode() == DingTalkMode.STREAM));
                if (!restarted.contains(bot.id())) {
                    opened.add(bot.id());
                }
            }
        }
        if (!stopped.isEmpty() || !opened.isEmpty() || !restarted.isEmpty()) {
            log.info("DingTalk Stream clients after reload: opened {}, stopped {}, restarted {}", opened, stopped,
                    restarted);
        }
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
            builder.registerCallbackListener(BOT_TOPIC,
                    new TopicListener(bot.id(), "Stream message", registry, inbound::onMessage));
        }
        builder.registerCallbackListener(CARD_TOPIC,
                new TopicListener(bot.id(), "card callback", registry, inbound::onCardClick));
        StreamClientProbe.setOpenApiHost(builder, bot.effectiveApiBaseUrl());
        OpenDingTalkClient client = builder.build();
        try {
            client.start();
            if (!StreamClientProbe.watchOpenCalls(client, e -> {
                String error = describe(e);
                long attempt = state.attemptFailed(error);
                log.warn("DingTalk bot {}: Stream connection attempt {} to {} failed: {}; next attempt in {}s",
                        bot.id(), attempt, bot.effectiveApiBaseUrl(), error, SDK_RETRY_INTERVAL.toSeconds());
            })) {
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
        List<Running> current;
        synchronized (this) {
            current = List.copyOf(running.values());
        }
        for (Running r : current) {
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
            close(r);
        }
        running.clear();
        started = false;
    }

    private static void close(Running r) {
        try {
            r.client().stop();
        } catch (Exception e) {
            log.warn("DingTalk bot {}: Stream client did not stop cleanly: {}", r.bot().id(), describe(e));
        }
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

    /** What a listener does with one delivery of its topic. */
    @FunctionalInterface
    interface Delivery {
        void handle(BotConfig bot, String json);
    }

    /**
     * One topic of one bot: {@code Req = String} keeps the raw JSON (the SDK's model drops fields). Hands off and
     * returns at once, so the SDK acknowledges without waiting for the upstream.
     */
    static final class TopicListener implements OpenDingTalkCallbackListener<String, String> {
        private final String botId;
        private final String what;
        private final transient BotRegistry registry;
        private final transient Delivery delivery;

        TopicListener(String botId, String what, BotRegistry registry, Delivery delivery) {
            this.botId = botId;
            this.what = what;
            this.registry = registry;
            this.delivery = delivery;
        }

        @Override
        public String execute(String json) {
            registry.find(botId, Platform.DINGTALK).ifPresent(bot -> {
                try {
                    delivery.handle(bot, json);
                } catch (DingTalkPayloads.MalformedPayloadException e) {
                    log.warn("DingTalk bot {}: unreadable {} dropped: {}", botId, what, e.getMessage());
                }
            });
            return null;
        }
    }
}
