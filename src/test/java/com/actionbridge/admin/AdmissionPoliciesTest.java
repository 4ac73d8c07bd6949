package com.actionbridge.admin;

import com.actionbridge.store.memory.MemoryRateWindows;
import com.actionbridge.testsupport.MutableClock;
import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.UserText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-person rate limit and the per-bot allow-list, on their own. */
class AdmissionPoliciesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final BotRegistry registry = new BotRegistry(List.of(
            bot("open", Platform.WECOM, List.of()),
            bot("vip", Platform.DINGTALK, List.of("alice", "dingtalk:corp:bob"))));
    private final AdmissionRecorder recorder = new AdmissionRecorder(meters, new CallbackMetrics(meters), registry);

    private static BotConfig bot(String id, Platform platform, List<String> allowed) {
        return new BotConfig(id, platform, null, null, "corp", 1, "s", "t", null, "c", "cs", null, null, null, null,
                allowed);
    }

    private static ConversationEvent text(String bot, String person) {
        return as(bot, person, "wecom:corp:" + person);
    }

    private static ConversationEvent as(String bot, String person, String upstreamUserId) {
        return new UserText(new Origin(new SessionKey(bot, person, person), upstreamUserId), "hello");
    }

    @Test
    void twentyAMinuteThenAPoliteCardUntilTheWindowMoves() {
        RateLimitPolicy policy = new RateLimitPolicy(20, new MemoryRateWindows(Duration.ofMinutes(1), clock), new AdminTexts("zh-CN"), recorder);
        for (int i = 0; i < 20; i++) {
            assertThat(policy.refuse(text("open", "carol"))).as("event %d", i + 1).isEmpty();
            clock.advance(Duration.ofSeconds(1));
        }
        Optional<Card> refused = policy.refuse(text("open", "carol"));
        assertThat(refused).isPresent();
        assertThat(refused.get().status()).isEqualTo(CardStatus.NOTICE);
        assertThat(refused.get().title()).isEqualTo("请稍等片刻");
        assertThat(refused.get().markdown()).contains("20");
        assertThat(refused.get().buttons()).isEmpty();
        // a click counts too
        assertThat(policy.refuse(new ChoicePicked(text("open", "carol").origin(), "tok"))).isPresent();
        assertThat(policy.refuse(text("open", "dave"))).as("another person").isEmpty();
        // 60 s after the first event of the window, one more is allowed
        clock.advance(Duration.ofSeconds(40));
        assertThat(policy.refuse(text("open", "carol"))).isEmpty();
        assertThat(policy.refuse(text("open", "carol"))).isPresent();
        assertThat(meters.counter("actionbridge.admission.refused", "bot", "open", "reason", "rate_limit").count())
                .isEqualTo(3);
        assertThat(meters.counter("actionbridge.callbacks", "bot", "open", "platform", "wecom",
                "outcome", "rate_limited").count()).isEqualTo(3);
    }

    @Test
    void theLimitIsPerPersonAcrossBots() {
        RateLimitPolicy policy = new RateLimitPolicy(2, new MemoryRateWindows(Duration.ofMinutes(1), clock), new AdminTexts("en"), recorder);
        assertThat(policy.refuse(text("open", "erin"))).isEmpty();
        assertThat(policy.refuse(text("vip", "erin"))).isEmpty();
        Optional<Card> refused = policy.refuse(text("open", "erin"));
        assertThat(refused).isPresent();
        assertThat(refused.get().title()).isEqualTo("Please slow down");
    }

    @Test
    void zeroTurnsTheLimitOff() {
        RateLimitPolicy policy = new RateLimitPolicy(0, new MemoryRateWindows(Duration.ofMinutes(1), clock), new AdminTexts("zh-CN"), recorder);
        for (int i = 0; i < 100; i++) {
            assertThat(policy.refuse(text("open", "frank"))).isEmpty();
        }
    }

    @Test
    void allowListRefusesOthersOnlyOnBotsThatHaveOne() {
        AllowListPolicy policy = new AllowListPolicy(registry, new AdminTexts("zh-CN"), recorder);
        assertThat(policy.refuse(text("open", "mallory"))).isEmpty();
        assertThat(policy.refuse(text("web", "mallory"))).as("the built-in web bot has no list").isEmpty();
        assertThat(policy.refuse(as("vip", "alice", "dingtalk:corp:alice"))).as("listed by platform user id").isEmpty();
        assertThat(policy.refuse(as("vip", "bob", "dingtalk:corp:bob"))).as("listed by upstream user id").isEmpty();
        // The same bare id through the web chat (or another platform) is another person.
        assertThat(policy.refuse(as("vip", "web:alice", "web:alice"))).as("a web user claiming alice").isPresent();
        Optional<Card> refused = policy.refuse(as("vip", "mallory", "dingtalk:corp:mallory"));
        assertThat(refused).isPresent();
        assertThat(refused.get().title()).isEqualTo("暂时无法使用");
        assertThat(meters.counter("actionbridge.admission.refused", "bot", "vip", "reason", "not_allowed").count())
                .isEqualTo(2);
        assertThat(meters.counter("actionbridge.callbacks", "bot", "vip", "platform", "dingtalk",
                "outcome", "rate_limited").count()).isEqualTo(2);
    }

    @Test
    void allowListFollowsAReload() {
        AllowListPolicy policy = new AllowListPolicy(registry, new AdminTexts("zh-CN"), recorder);
        assertThat(policy.refuse(text("open", "mallory"))).isEmpty();
        registry.replace(List.of(bot("open", Platform.WECOM, List.of("alice"))));
        assertThat(policy.refuse(text("open", "mallory"))).isPresent();
    }
}
