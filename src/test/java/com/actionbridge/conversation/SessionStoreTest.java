package com.actionbridge.conversation;

import com.actionbridge.store.StoreAutoConfiguration;
import com.actionbridge.store.memory.CaffeineChoiceTokenStore;
import com.actionbridge.store.memory.CaffeineSessionStore;
import com.actionbridge.store.memory.MemoryStoreAutoConfiguration;
import com.actionbridge.action.ActionClient;
import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.action.UpstreamProfiles;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions expire after the idle TTL, stay within the size bound, and the settings bind with their defaults. */
class SessionStoreTest {

    final AtomicLong nanos = new AtomicLong();

    Session session(String id) {
        return Session.start(SessionKey.oneToOne("bot", id), "u:" + id, Instant.now());
    }

    @Test
    void expiresAfterTheTtlWithoutAccess() {
        CaffeineSessionStore store = new CaffeineSessionStore(Duration.ofMinutes(30), 100, nanos::get);
        store.put(session("a"));
        store.put(session("b"));
        nanos.addAndGet(Duration.ofMinutes(20).toNanos());
        assertThat(store.get(SessionKey.oneToOne("bot", "a"))).isPresent();
        nanos.addAndGet(Duration.ofMinutes(20).toNanos());
        assertThat(store.get(SessionKey.oneToOne("bot", "a"))).as("accessed 20 minutes ago").isPresent();
        assertThat(store.get(SessionKey.oneToOne("bot", "b"))).as("idle for 40 minutes").isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void staysWithinTheMaximumSize() {
        CaffeineSessionStore store = new CaffeineSessionStore(Duration.ofMinutes(30), 10, nanos::get);
        for (int i = 0; i < 100; i++) {
            store.put(session("p" + i));
        }
        assertThat(store.size()).isLessThanOrEqualTo(10);
        assertThat(store.list()).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void removeAndList() {
        CaffeineSessionStore store = new CaffeineSessionStore(Duration.ofMinutes(30), 10, nanos::get);
        store.put(session("a"));
        assertThat(store.list()).extracting(Session::upstreamUserId).containsExactly("u:a");
        assertThat(store.remove(SessionKey.oneToOne("bot", "a"))).isTrue();
        assertThat(store.remove(SessionKey.oneToOne("bot", "a"))).isFalse();
    }

    @Test
    void tokensExpireWithTheSessionTtl() {
        CaffeineChoiceTokenStore tokens = new CaffeineChoiceTokenStore(Duration.ofMinutes(30), 100, nanos::get);
        ChoiceTicket ticket = new ChoiceTicket(SessionKey.oneToOne("bot", "a"), "card-1", 1, false);
        tokens.put("t", ticket);
        assertThat(tokens.markUsed("t", ticket)).isTrue();
        assertThat(tokens.markUsed("t", ticket)).as("single use").isFalse();
        assertThat(tokens.find("t")).get().extracting(ChoiceTicket::used).isEqualTo(true);
        nanos.addAndGet(Duration.ofMinutes(31).toNanos());
        assertThat(tokens.find("t")).isEmpty();
    }

    @Test
    void ofAListToChooseFromASessionKeepsItsLogUrlAndADigestAndOfOtherPayloadsTheWhole() {
        Session start = session("a");
        String list = "{\"actions\":[{\"appkey\":\"84\",\"actionName\":\"发送\"}],\"log_url\":\"https://x/log/1\"}";
        JsonNode candidates = ScriptedActionClient.JSON.readTree(list);
        Session found = start.withDialogue("c1", new String("action_found"), "S", candidates, null, "发送");
        assertThat(found.status()).isSameAs("action_found");
        assertThat(found.data().get("log_url").stringValue()).isEqualTo("https://x/log/1");
        assertThat(found.data().size()).as("the list itself is not kept").isEqualTo(2);
        assertThat(found.withCard("card-2", List.of()).data()).as("kept once, then as it is").isEqualTo(found.data());
        assertThat(Session.kept("action_found", ScriptedActionClient.JSON.readTree(list)))
                .as("the same answer again is recognised").isEqualTo(found.data());
        assertThat(Session.kept("action_found", ScriptedActionClient.JSON.readTree(list.replace("发送", "创建"))))
                .as("another answer is not").isNotEqualTo(found.data());
        JsonNode preview = ScriptedActionClient.JSON.readTree("{\"input\":{\"content\":\"你好\"}}");
        assertThat(start.withDialogue("c1", "action_preview", "S", preview, null, "x").data()).isSameAs(preview);
    }

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class,
                    StoreAutoConfiguration.class, MemoryStoreAutoConfiguration.class))
            .withPropertyValues("spring.messages.basename=messages", "spring.messages.fallback-to-system-locale=false")
            .withUserConfiguration(ConversationConfiguration.class)
            .withBean(ActionClient.class, ScriptedActionClient::new)
            .withBean(UpstreamProfiles.class, () -> bot -> new UpstreamProfile("t", 3, ""));

    @Test
    void settingsHaveTheirDefaults() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(SessionProperties.class))
                    .isEqualTo(new SessionProperties(Duration.ofMinutes(30), 100_000));
            assertThat(ctx.getBean(EngineProperties.class))
                    .isEqualTo(new EngineProperties(2000, 10_000, 5, 256, Duration.ofSeconds(60), Duration.ofSeconds(20)));
            assertThat(ctx.getBean(Conversations.class)).isSameAs(ctx.getBean(SessionDirectory.class))
                    .isSameAs(ctx.getBean(EngineLoad.class));
            assertThat(ctx.getBean(BridgeCards.class).help().title()).isEqualTo("使用帮助");
        });
    }

    @Test
    void settingsBindAndBadOnesStopStartUp() {
        context.withPropertyValues("actionbridge.sessions.ttl=5m", "actionbridge.sessions.max-size=50",
                "actionbridge.engine.max-in-flight=2", "actionbridge.engine.queue-capacity=7",
                "actionbridge.engine.per-session-queue=3", "actionbridge.engine.max-sending=4",
                "actionbridge.engine.send-timeout=9s", "actionbridge.engine.shutdown-wait=3s",
                "actionbridge.locale=en").run(ctx -> {
            assertThat(ctx.getBean(SessionProperties.class)).isEqualTo(new SessionProperties(Duration.ofMinutes(5), 50));
            assertThat(ctx.getBean(EngineProperties.class)).isEqualTo(
                    new EngineProperties(2, 7, 3, 4, Duration.ofSeconds(9), Duration.ofSeconds(3)));
            assertThat(ctx.getBean(BridgeCards.class).help().title()).isEqualTo("Help");
        });
        for (String bad : List.of("max-in-flight=0", "per-session-queue=0", "max-sending=0")) {
            context.withPropertyValues("actionbridge.engine." + bad).run(ctx ->
                    assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("actionbridge.engine"));
        }
    }
}
