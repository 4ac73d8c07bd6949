package com.actionbridge.conversation;

import com.actionbridge.store.memory.CaffeineCardTextStore;
import com.actionbridge.store.memory.CaffeineChoiceTokenStore;
import com.actionbridge.store.memory.CaffeineSessionStore;

import com.actionbridge.action.UpstreamProfile;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Builds an engine over a scripted upstream and sends events to it, waiting for the one reply of each. */
final class EngineHarness implements AutoCloseable {

    static final UpstreamProfile PROFILE = new UpstreamProfile("test-token", 3, "");

    final ScriptedActionClient client;
    final CaffeineSessionStore sessions;
    final CaffeineChoiceTokenStore tokens;
    final CaffeineCardTextStore cardTexts;
    final ConversationEngine engine;
    /** The stores' clock: advance it to let sessions and tokens expire. */
    final AtomicLong nanos = new AtomicLong();

    EngineHarness(ScriptedActionClient client) {
        this(client, properties(4, 100), List.of(), List.of(), Locale.CHINA);
    }

    EngineHarness(ScriptedActionClient client, EngineProperties properties, List<AdmissionPolicy> policies,
                  List<TurnListener> listeners, Locale locale) {
        this.client = client;
        this.sessions = new CaffeineSessionStore(Duration.ofMinutes(30), 1000, nanos::get);
        this.tokens = new CaffeineChoiceTokenStore(Duration.ofMinutes(30), 8000, nanos::get);
        this.cardTexts = new CaffeineCardTextStore(Duration.ofMinutes(30), 10_000_000, nanos::get);
        this.engine = new ConversationEngine(new TurnHandlerParts(sessions, tokens, client, bot -> PROFILE,
                new BridgeCards(texts(locale)), new SteppingClock(), SessionLock.NONE, cardTexts), properties,
                policies, listeners);
    }

    /** The engine settings with the two bounds most tests vary; the rest as configured by default. */
    static EngineProperties properties(int maxInFlight, int queueCapacity) {
        return new EngineProperties(maxInFlight, queueCapacity, 5, 256, Duration.ofSeconds(60),
                Duration.ofSeconds(5));
    }

    static Texts texts(Locale locale) {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return new Texts(source, locale);
    }

    static Origin person(String id) {
        return new Origin(SessionKey.oneToOne("bot1", id), "test:" + id);
    }

    static Origin inGroup(String group, String id) {
        return new Origin(new SessionKey("bot1", group, id), "test:" + id);
    }

    TurnResult say(Origin origin, String text) {
        return await(new UserText(origin, text));
    }

    TurnResult click(Origin origin, String token) {
        return await(new ChoicePicked(origin, token));
    }

    TurnResult await(ConversationEvent event) {
        CompletableFuture<TurnResult> reply = new CompletableFuture<>();
        engine.handle(event, reply::complete);
        try {
            return reply.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply for " + event, e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Every reading is one second after the previous one, so "most recent first" is well defined. */
    static final class SteppingClock extends Clock {
        private final AtomicLong seconds = new AtomicLong();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds.incrementAndGet());
        }
    }
}
