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
import java.util.concurrent.atomic.AtomicInteger;

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

    /** An upstream whose next {@code calls} calls all wait for {@code upstream} to open. */
    static ScriptedActionClient held(int calls, CountDownLatch upstream) {
        ScriptedActionClient client = new ScriptedActionClient();
        for (int i = 0; i < calls; i++) {
            client.then(blockUntil(upstream, "action_not_found"));
        }
        return client;
    }

    static EngineHarness engine(ScriptedActionClient client, int maxInFlight, int capacity,
                                List<AdmissionPolicy> policies, List<TurnListener> listeners) {
        return new EngineHarness(client, EngineHarness.properties(maxInFlight, capacity), policies, listeners,
                Locale.CHINA);
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
            assertThat(busyThread.get()).as("a send thread, not the caller's").startsWith("ab-send-");
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

    @Test
    void twoThousandPeopleWaitingForTheUpstreamAreAllInFlightAtOnce() {
        int people = 2000;
        CountDownLatch upstream = new CountDownLatch(1);
        ScriptedActionClient client = held(people, upstream);
        AtomicInteger answered = new AtomicInteger();
        try (EngineHarness h = engine(client, people, people, List.of(), List.of())) {
            for (int i = 0; i < people; i++) {
                h.engine.handle(new UserText(person("p" + i), "我要请假"), r -> {
                    if ("action_not_found".equals(r.cards().get(0).status())) {
                        answered.incrementAndGet();
                    }
                });
            }
            await().atMost(WAIT).until(() -> client.calls().size() == people);
            assertThat(h.engine.running()).as("every upstream call is waiting at the same time").isEqualTo(people);
            assertThat(h.engine.queued()).isZero();
            assertThat(h.engine.rejected()).as("no busy card below the bound").isZero();
            upstream.countDown();
            await().atMost(WAIT).until(() -> answered.get() == people);
        }
    }

    @Test
    void turnsInFlightStopAtTheBoundAndTheRestWaitTheirTurn() {
        int people = 50;
        int bound = 20;
        CountDownLatch upstream = new CountDownLatch(1);
        ScriptedActionClient client = held(people, upstream);
        AtomicInteger answered = new AtomicInteger();
        try (EngineHarness h = engine(client, bound, 100, List.of(), List.of())) {
            for (int i = 0; i < people; i++) {
                h.engine.handle(new UserText(person("p" + i), "x"), r -> answered.incrementAndGet());
            }
            await().atMost(WAIT).until(() -> client.calls().size() == bound && h.engine.queued() == people - bound);
            assertThat(h.engine.running()).isEqualTo(bound);
            assertThat(client.calls()).as("nobody beyond the bound reached the upstream").hasSize(bound);
            upstream.countDown();
            await().atMost(WAIT).until(() -> answered.get() == people);
            assertThat(client.calls()).hasSize(people);
            assertThat(h.engine.rejected()).isZero();
        }
    }

    @Test
    void aPersonsSixthWaitingEventGetsASlowDownCardAndOthersAreStillServed() throws Exception {
        CountDownLatch upstream = new CountDownLatch(1);
        ScriptedActionClient client = held(6, upstream);
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (EngineHarness h = engine(client, 4, 100, List.of(), List.of())) {
            Origin alice = person("alice");
            h.engine.handle(new UserText(alice, "m0"), r -> delivered.add("m0"));
            await().atMost(WAIT).until(() -> h.engine.running() == 1);
            for (int i = 1; i <= 5; i++) {
                String text = "m" + i;
                h.engine.handle(new UserText(alice, text), r -> delivered.add(text));
            }
            assertThat(h.engine.queued()).isEqualTo(5);

            CompletableFuture<String> thread = new CompletableFuture<>();
            CompletableFuture<TurnResult> slowDown = new CompletableFuture<>();
            h.engine.handle(new UserText(alice, "m6"), r -> {
                thread.complete(Thread.currentThread().getName());
                slowDown.complete(r);
            });
            Card card = slowDown.get(10, TimeUnit.SECONDS).cards().get(0);
            assertThat(card.status()).isEqualTo(CardStatus.BUSY);
            assertThat(card.title()).isEqualTo("请慢一点");
            assertThat(thread.get()).as("a send thread, not the caller's").startsWith("ab-send-");
            assertThat(h.engine.queued()).as("the refused event took no slot").isEqualTo(5);
            assertThat(h.say(person("bob"), "/help").cards().get(0).status())
                    .as("another person is not slowed down").isEqualTo(CardStatus.HELP);

            upstream.countDown();
            await().atMost(WAIT).until(() -> delivered.size() == 6);
            assertThat(delivered).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
            assertThat(client.calls()).extracting(ScriptedActionClient.Call::content)
                    .containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        }
    }

    @Test
    void aSlowSinkDoesNotHoldATurnSlot() {
        CountDownLatch sinks = new CountDownLatch(1);
        CountDownLatch upstream = new CountDownLatch(1);
        ScriptedActionClient client = new ScriptedActionClient()
                .then(result("c", "action_not_found", "S", "no", "null"))
                .then(result("c", "action_not_found", "S", "no", "null"))
                .then(blockUntil(upstream, "action_not_found"))
                .then(blockUntil(upstream, "action_not_found"));
        AtomicInteger sending = new AtomicInteger();
        ReplySink slow = r -> {
            sending.incrementAndGet();
            try {
                sinks.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<TurnResult> results = new CopyOnWriteArrayList<>();
        try (EngineHarness h = engine(client, 2, 10, List.of(), List.of())) {
            h.engine.handle(new UserText(person("a"), "x"), slow);
            h.engine.handle(new UserText(person("b"), "x"), slow);
            await().atMost(WAIT).until(() -> sending.get() == 2);
            h.engine.handle(new UserText(person("c"), "y"), results::add);
            h.engine.handle(new UserText(person("d"), "y"), results::add);
            await().atMost(WAIT).until(() -> client.calls().size() == 4);
            assertThat(h.engine.running()).as("both slots serve new turns while two replies are stuck sending")
                    .isEqualTo(2);
            upstream.countDown();
            await().atMost(WAIT).until(() -> results.size() == 2);
            sinks.countDown();
        }
    }

    @Test
    void shutdownAnswersEveryEventNotStartedAndLetsTheRunningTurnFinish() throws Exception {
        CountDownLatch upstream = new CountDownLatch(1);
        ScriptedActionClient client = new ScriptedActionClient().then(blockUntil(upstream, "action_not_found"));
        EngineHarness h = engine(client, 1, 10, List.of(), List.of());
        CompletableFuture<TurnResult> running = new CompletableFuture<>();
        CompletableFuture<TurnResult> samePerson = new CompletableFuture<>();
        CompletableFuture<TurnResult> otherPerson = new CompletableFuture<>();
        h.engine.handle(new UserText(person("a"), "running"), running::complete);
        await().atMost(WAIT).until(() -> h.engine.running() == 1);
        h.engine.handle(new UserText(person("a"), "after it"), samePerson::complete);
        h.engine.handle(new UserText(person("b"), "waiting for a slot"), otherPerson::complete);
        assertThat(h.engine.queued()).isEqualTo(2);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(h::close);
        for (CompletableFuture<TurnResult> unstarted : List.of(samePerson, otherPerson)) {
            Card card = unstarted.get(10, TimeUnit.SECONDS).cards().get(0);
            assertThat(card.status()).isEqualTo(CardStatus.BUSY);
            assertThat(card.title()).isEqualTo("消息未处理");
            assertThat(card.markdown()).contains("没有处理").contains("再发");
        }
        assertThat(closed).as("the running turn is still waiting for the upstream").isNotDone();
        upstream.countDown();
        closed.get(10, TimeUnit.SECONDS);
        assertThat(running.get(1, TimeUnit.SECONDS).cards().get(0).status()).isEqualTo("action_not_found");
        assertThat(client.calls()).extracting(ScriptedActionClient.Call::content).containsExactly("running");
        assertThat(h.engine.queued()).isZero();
    }
}
