package com.actionbridge.conversation;

import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.actionbridge.conversation.EngineHarness.person;
import static com.actionbridge.conversation.ScriptedActionClient.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Per-session order, parallel sessions, the bound, failing sinks, admission, listeners, shutdown. */
class EngineConcurrencyTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    static ScriptedActionClient.Answer blockUntil(CountDownLatch gate, String status) {
        return call -> {
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result("c-" + call.content(), status, "S", call.content(), "null");
        };
    }

    static EngineHarness engine(ScriptedActionClient client, int workers, int capacity, List<AdmissionPolicy> policies,
                                List<TurnListener> listeners) {
        return new EngineHarness(client, new EngineProperties(workers, capacity, Duration.ofSeconds(5)), policies,
                listeners, Locale.CHINA);
    }

    @Test
    void oneSessionRunsItsEventsOneAfterAnotherInArrivalOrder() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ScriptedActionClient client = new ScriptedActionClient()
                .then(blockUntil(gate, "action_not_found"))
                .then(blockUntil(gate, "action_not_found"));
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (EngineHarness h = engine(client, 4, 10, List.of(), List.of())) {
            Origin alice = person("alice");
            CompletableFuture<Void> both = new CompletableFuture<>();
            h.engine.handle(new UserText(alice, "first"), r -> delivered.add("first"));
            await().atMost(WAIT).until(() -> client.calls().size() == 1);
            h.engine.handle(new UserText(alice, "second"), r -> {
                delivered.add("second");
                both.complete(null);
            });
            assertThat(h.engine.queued()).as("the second waits for the first").isEqualTo(1);
            assertThat(h.engine.running()).isEqualTo(1);
            assertThat(client.calls()).hasSize(1);
            gate.countDown();
            both.get(10, TimeUnit.SECONDS);
            assertThat(delivered).containsExactly("first", "second");
            assertThat(client.calls()).extracting(ScriptedActionClient.Call::content).containsExactly("first", "second");
        }
    }

    @Test
    void aClickRightAfterATextAnswersTheNewState() {
        ScriptedActionClient client = new ScriptedActionClient()
                .then(result("c1", "action_found", "P", "找到", ConversationEngineTest.FOUND))
                .then(result("c1", "auth_account_select", "C", "账号", ConversationEngineTest.ACCOUNTS));
        try (EngineHarness h = engine(client, 4, 10, List.of(), List.of())) {
            Origin alice = person("alice");
            Card found = h.say(alice, "发送").cards().get(0);
            List<TurnResult> results = new CopyOnWriteArrayList<>();
            String token = found.choices().get(0).token();
            h.engine.handle(new ChoicePicked(alice, token), results::add);
            h.engine.handle(new ChoicePicked(alice, token), results::add);
            await().atMost(WAIT).until(() -> results.size() == 2);
            assertThat(results.get(0).chosenLabel()).contains("发送文本消息");
            assertThat(results.get(1).chosenLabel()).as("a double click is refused").isEmpty();
            assertThat(client.calls()).hasSize(2);
        }
    }

    @Test
    void differentPeopleRunInParallel() {
        CountDownLatch bothArrived = new CountDownLatch(2);
        ScriptedActionClient.Answer meet = call -> {
            bothArrived.countDown();
            try {
                if (!bothArrived.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other call never ran in parallel");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result("c", "action_not_found", "S", "no", "null");
        };
        ScriptedActionClient client = new ScriptedActionClient().then(meet).then(meet);
        try (EngineHarness h = engine(client, 2, 10, List.of(), List.of())) {
            List<TurnResult> results = new CopyOnWriteArrayList<>();
            h.engine.handle(new UserText(person("a"), "x"), results::add);
            h.engine.handle(new UserText(person("b"), "y"), results::add);
            await().atMost(WAIT).until(() -> results.size() == 2);
            assertThat(results).allSatisfy(r -> assertThat(r.cards().get(0).status()).isEqualTo("action_not_found"));
        }
    }

    @Test
    void whenFullTheNextEventGetsABusyCardOnAnEngineThread() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ScriptedActionClient client = new ScriptedActionClient()
                .then(blockUntil(gate, "action_not_found"))
                .then(blockUntil(gate, "action_not_found"));
        List<TurnRecord> records = new CopyOnWriteArrayList<>();
        try (EngineHarness h = engine(client, 1, 1, List.of(), List.of(records::add))) {
            List<TurnResult> results = new CopyOnWriteArrayList<>();
            h.engine.handle(new UserText(person("a"), "running"), results::add);
            await().atMost(WAIT).until(() -> h.engine.running() == 1);
            h.engine.handle(new UserText(person("b"), "queued"), results::add);
            assertThat(h.engine.queued()).isEqualTo(1);

            CompletableFuture<String> busyThread = new CompletableFuture<>();
            CompletableFuture<TurnResult> busy = new CompletableFuture<>();
            h.engine.handle(new UserText(person("c"), "too much"), r -> {
                busyThread.complete(Thread.currentThread().getName());
                busy.complete(r);
            });
            Card card = busy.get(10, TimeUnit.SECONDS).cards().get(0);
            assertThat(card.status()).isEqualTo(CardStatus.BUSY);
            assertThat(card.title()).isEqualTo("系统繁忙");
            assertThat(busyThread.get()).startsWith("ab-engine-").isNotEqualTo(Thread.currentThread().getName());
            assertThat(h.engine.rejected()).isEqualTo(1);
            assertThat(h.engine.queued()).as("the refused event took no slot").isEqualTo(1);

            gate.countDown();
            await().atMost(WAIT).until(() -> results.size() == 2);
            assertThat(client.calls()).extracting(ScriptedActionClient.Call::content)
                    .containsExactly("running", "queued");
            await().atMost(WAIT).until(() -> records.size() == 3);
            assertThat(records).extracting(TurnRecord::status).contains(CardStatus.BUSY);
            assertThat(h.engine.queued()).isZero();
            assertThat(h.engine.running()).isZero();
        }
    }

    @Test
    void aFailingSinkDoesNotStopTheSessionOrTheWorker() {
        ScriptedActionClient client = new ScriptedActionClient()
                .then(result("c", "action_not_found", "S", "no", "null"))
                .then(result("c", "action_not_found", "S", "no", "null"));
        try (EngineHarness h = engine(client, 1, 10, List.of(), List.of())) {
            Origin alice = person("alice");
            List<String> calls = new CopyOnWriteArrayList<>();
            h.engine.handle(new UserText(alice, "one"), r -> {
                calls.add("one");
                throw new IllegalStateException("channel is down");
            });
            h.engine.handle(new UserText(alice, "two"), r -> calls.add("two"));
            await().atMost(WAIT).until(() -> calls.size() == 2);
            assertThat(calls).containsExactly("one", "two");
            assertThat(h.say(alice, "/help").cards().get(0).status()).isEqualTo(CardStatus.HELP);
        }
    }

    @Test
    void aRefusalCardIsTheWholeAnswerAndListenersHearEveryTurn() {
        ScriptedActionClient client = new ScriptedActionClient()
                .then(result("c", "action_not_found", "S", "no", "null"));
        Card refusal = Card.text(CardStatus.NOTICE, "稍等", "你发得太快了");
        AdmissionPolicy noBob = event -> event.origin().session().personId().equals("bob")
                ? Optional.of(refusal) : Optional.empty();
        AdmissionPolicy broken = event -> {
            throw new IllegalStateException("broken policy");
        };
        List<TurnRecord> records = Collections.synchronizedList(new ArrayList<>());
        try (EngineHarness h = engine(client, 2, 10, List.of(broken, noBob), List.of(records::add,
                r -> {
                    throw new IllegalStateException("broken listener");
                }))) {
            TurnResult refused = h.say(person("bob"), "我要请假");
            assertThat(refused.cards()).containsExactly(refusal);
            assertThat(client.calls()).isEmpty();

            TurnResult admitted = h.say(person("alice"), "今天天气怎么样");
            assertThat(admitted.cards().get(0).status()).isEqualTo("action_not_found");
            await().atMost(WAIT).until(() -> records.size() == 2);
            TurnRecord bob = records.get(0);
            assertThat(bob.status()).isEqualTo(CardStatus.NOTICE);
            assertThat(bob.upstreamLatency()).isZero();
            TurnRecord alice = records.get(1);
            assertThat(alice.session()).isEqualTo(person("alice").session());
            assertThat(alice.text()).isEqualTo("今天天气怎么样");
            assertThat(alice.status()).isEqualTo("action_not_found");
            assertThat(alice.upstreamLatency()).isPositive();
            assertThat(alice.error()).isNull();
        }
    }

    @Test
    void shutdownFinishesInFlightTurnsAndRefusesNewOnes() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ScriptedActionClient client = new ScriptedActionClient().then(blockUntil(gate, "action_not_found"));
        EngineHarness h = engine(client, 2, 10, List.of(), List.of());
        CompletableFuture<TurnResult> inFlight = new CompletableFuture<>();
        h.engine.handle(new UserText(person("a"), "x"), inFlight::complete);
        await().atMost(WAIT).until(() -> h.engine.running() == 1);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(h::close);
        CompletableFuture<TurnResult> late = new CompletableFuture<>();
        await().atMost(WAIT).untilAsserted(() -> {
            CompletableFuture<TurnResult> attempt = new CompletableFuture<>();
            h.engine.handle(new UserText(person("b"), "帮助"), attempt::complete);
            TurnResult r = attempt.get(5, TimeUnit.SECONDS);
            assertThat(r.cards().get(0).status()).isEqualTo(CardStatus.BUSY);
            late.complete(r);
        });
        assertThat(closed).isNotDone();
        gate.countDown();
        closed.get(10, TimeUnit.SECONDS);
        assertThat(inFlight.get(1, TimeUnit.SECONDS).cards().get(0).status()).isEqualTo("action_not_found");
        assertThat(client.calls()).hasSize(1);
    }
}
