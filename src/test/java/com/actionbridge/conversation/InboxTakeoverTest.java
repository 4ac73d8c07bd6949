package com.actionbridge.conversation;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.store.redis.RedisInbox;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.actionbridge.conversation.EngineHarness.person;
import static com.actionbridge.conversation.ScriptedActionClient.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance stops mid-turn (its heartbeat ends, its upstream call never returns) and another one takes its events
 * over through a real Redis: what was never started runs, what may have reached the upstream is never sent again.
 * Both instances' engines share one session store, as they would share Redis.
 */
class InboxTakeoverTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();
    static final Duration TAKEOVER = Duration.ofMillis(600);

    final ScriptedActionClient upstream = new ScriptedActionClient();
    /** Instance B: a live engine. */
    final EngineHarness harness = new EngineHarness(upstream);
    final Origin alice = person("alice");
    final RedisKeys keys = new RedisKeys("takeover" + System.nanoTime() + ":");
    /** What the replies sent through the stored address said, in order. */
    final List<Card> answered = new CopyOnWriteArrayList<>();

    /** Instance A's upstream: every call is recorded, then never returns (until the test ends). */
    final CountDownLatch forever = new CountDownLatch(1);
    final List<String> reachedByA = new CopyOnWriteArrayList<>();
    final ActionClient stuck = new ActionClient() {
        @Override
        public ActionResult startDialogue(UpstreamProfile profile, String userId, String content)
                throws ActionException {
            reachedByA.add("v2:" + content);
            return hang();
        }

        @Override
        public ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException {
            reachedByA.add("v1:" + request.content());
            return hang();
        }

        private ActionResult hang() throws ActionException {
            try {
                forever.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ActionException(ActionException.Kind.TIMEOUT, "the test ended");
        }
    };
    ConversationEngine engineA;
    RedisInbox inboxA;
    RedisInbox inboxB;

    void startA(ActionClient client) {
        engineA = new ConversationEngine(new TurnHandlerParts(harness.sessions, harness.tokens, client,
                bot -> EngineHarness.PROFILE, new BridgeCards(EngineHarness.texts(Locale.CHINA)), Clock.systemUTC()),
                new EngineProperties(4, 100, 5, 16, Duration.ofSeconds(60), Duration.ofMillis(200)), List.of(),
                List.of());
        inboxA = inbox("A", engineA);
    }

    void startB() {
        inboxB = inbox("B", harness.engine);
    }

    RedisInbox inbox(String name, Conversations engine) {
        ReplyResolver resolver = new ReplyResolver() {
            @Override
            public String channel() {
                return "test";
            }

            @Override
            public Optional<ReplySink> resolve(Map<String, String> fields) {
                return Optional.of(r -> answered.addAll(r.cards()));
            }
        };
        RedisInbox inbox = new RedisInbox(REDIS.server().template(), keys, engine,
                new StaticListableBeanFactory(Map.of("r", resolver)).getBeanProvider(ReplyResolver.class),
                () -> name, TAKEOVER, Clock.systemUTC());
        inbox.ready();
        return inbox;
    }

    void acceptOnA(ConversationEvent event, ReplySink sink) {
        inboxA.accept(event, new ReplyAddress("test", Map.of("to", "alice")), sink);
    }

    @AfterEach
    void stop() {
        inboxA.halt();
        if (inboxB != null) {
            inboxB.halt();
        }
        forever.countDown();
        engineA.close();
        harness.close();
    }

    @Test
    void aConfirmTakenOverAfterItsCallMayHaveRunGetsTheTimeoutCardAndIsNeverSentAgain() {
        upstream.then(result("p1", "action_preview", "ACTION_PREVIEW", "请确认",
                "{\"input\":{\"days\":1},\"log_url\":\"https://platform.example/runs/7\"}"));
        Card preview = harness.say(alice, "我要请假").cards().get(0);
        startA(stuck);
        acceptOnA(new ChoicePicked(alice, preview.choices().get(0).token()), r -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedByA.equals(List.of("v1:确认")));
        inboxA.halt(); // as if killed while the confirm was at the upstream

        startB();
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.size() == 1);
        Card card = answered.get(0);
        assertThat(card.status()).isEqualTo(CardStatus.UPSTREAM_ERROR);
        assertThat(card.markdown()).contains("没有回复", "执行结果未知", "请不要直接重复操作", "runs/7");
        assertThat(card.choices()).as("no retry offered").isEmpty();
        assertThat(upstream.calls()).as("only the first message reached B's upstream").hasSize(1);
        assertThat(inboxB.takenOverHere()).isEqualTo(1);

        upstream.then(result("p2", "action_not_found", "ACTION_PREPARE", "没有", "null"));
        harness.say(alice, "我要请假");
        assertThat(upstream.lastCall().v2()).as("the unknown dialogue is closed").isTrue();
    }

    @Test
    void aFirstMessageInterruptedAtTheUpstreamSaysSoAndTheNextOneRunsInOrder() {
        startA(stuck);
        acceptOnA(new UserText(alice, "查询天气"), r -> { });
        acceptOnA(new UserText(alice, "创建待办"), r -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedByA.equals(List.of("v2:查询天气")));
        inboxA.halt();

        upstream.then(result("c2", "action_not_found", "ACTION_PREPARE", "没有找到可以创建待办的动作", "null"));
        startB();
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.size() == 2);
        assertThat(answered.get(0).markdown()).contains("服务中断", "请重新发送");
        assertThat(answered.get(1).markdown()).contains("没有找到可以创建待办的动作");
        assertThat(upstream.calls()).extracting(ScriptedActionClient.Call::content).containsExactly("创建待办");
        assertThat(reachedByA).containsExactly("v2:查询天气");
        assertThat(inboxB.takenOverHere()).isEqualTo(2);
    }

    @Test
    void aTurnThatFinishedButWhoseReplyWasNotSentIsSentAgainWithoutCallingAgain() throws Exception {
        ScriptedActionClient upstreamOfA = new ScriptedActionClient()
                .then(result("d1", "action_not_found", "ACTION_PREPARE", "没有找到相关动作", "null"));
        startA(upstreamOfA);
        CountDownLatch sending = new CountDownLatch(1);
        acceptOnA(new UserText(alice, "查询天气"), r -> {
            sending.countDown();
            try {
                forever.await(); // the platform's send API hangs; then the process is killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
        inboxA.halt();

        startB();
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.size() == 1);
        assertThat(answered.get(0).markdown()).contains("没有找到相关动作");
        assertThat(upstreamOfA.calls()).hasSize(1);
        assertThat(upstream.calls()).as("B never called the upstream").isEmpty();
    }
}
