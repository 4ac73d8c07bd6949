package com.actionbridge.store;

import com.actionbridge.card.PageLimit;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.DurableSink;
import com.actionbridge.conversation.Inbox;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.ReplyAddress;
import com.actionbridge.conversation.ReplyResolver;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.UserText;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.store.redis.RedisInbox;
import com.actionbridge.store.redis.RedisKeys;
import com.actionbridge.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import io.lettuce.core.ClientOptions;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The inbox contract: in memory a pass-through to the engine, on a real Redis a durable queue. */
class InboxContractTest {

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();

    /** On a channel with its own page size, which a taken-over event keeps. */
    static final Origin ALICE = new Origin(SessionKey.oneToOne("bot1", "alice"), "test:alice", PageLimit.chars(3000));
    static final ReplyAddress ADDRESS = new ReplyAddress("test", Map.of("to", "alice"));

    /** An engine that keeps what it was given and answers when told. */
    static final class HeldEngine implements Conversations {
        record Handed(ConversationEvent event, ReplySink sink) {
        }

        final List<Handed> handed = new CopyOnWriteArrayList<>();

        @Override
        public void handle(ConversationEvent event, ReplySink sink) {
            handed.add(new Handed(event, sink));
        }
    }

    static TurnResult reply(String text) {
        return TurnResult.of(Card.text(CardStatus.NOTICE, "t", text));
    }

    abstract class Contract {
        final HeldEngine engine = new HeldEngine();

        abstract Inbox inbox(Conversations conversations);

        @Test
        void anAcceptedEventReachesTheEngineWithItsSinkAndItsReplyTheSink() {
            List<TurnResult> got = new ArrayList<>();
            Inbox inbox = inbox(engine);
            inbox.accept(new UserText(ALICE, "查询天气"), ADDRESS, got::add);
            inbox.accept(new ChoicePicked(ALICE, "tok-1"), ADDRESS, got::add);

            assertThat(engine.handed).extracting(HeldEngine.Handed::event)
                    .containsExactly(new UserText(ALICE, "查询天气"), new ChoicePicked(ALICE, "tok-1"));
            engine.handed.get(0).sink().deliver(reply("one"));
            engine.handed.get(1).sink().deliver(reply("two"));
            assertThat(got).containsExactly(reply("one"), reply("two"));
        }
    }

    @Nested
    class Memory extends Contract {
        @Override
        Inbox inbox(Conversations conversations) {
            return Inbox.direct(conversations);
        }

        @Test
        void nothingIsKeptSoThereAreNoFigures() {
            Inbox inbox = inbox(engine);
            inbox.accept(new UserText(ALICE, "x"), ADDRESS, r -> { });
            assertThat(engine.handed.get(0).sink()).isNotInstanceOf(DurableSink.class);
            assertThat(inbox.figures()).isNull();
        }
    }

    @Nested
    class Redis extends Contract {
        final RedisKeys keys = new RedisKeys("inbox" + System.nanoTime() + ":");
        final List<RedisInbox> made = new ArrayList<>();
        final List<LettuceConnectionFactory> factories = new ArrayList<>();
        /** What a taken-over event's reply went to, through the "test" channel's resolver. */
        final List<String> resolvedReplies = new CopyOnWriteArrayList<>();

        @Override
        Inbox inbox(Conversations conversations) {
            return instance("A", conversations, Duration.ofMinutes(1));
        }

        RedisInbox instance(String name, Conversations conversations, Duration takeoverAfter) {
            ReplyResolver resolver = ReplyResolver.of("test", fields -> Optional.of(r -> resolvedReplies.add(
                    fields.get("to") + ":" + r.cards().get(0).markdown())));
            ObjectProvider<ReplyResolver> resolvers = new StaticListableBeanFactory(Map.of("test", resolver))
                    .getBeanProvider(ReplyResolver.class);
            RedisInbox inbox = new RedisInbox(template(), keys, conversations, resolvers, () -> name,
                    takeoverAfter, Clock.systemUTC());
            inbox.ready();
            made.add(inbox);
            return inbox;
        }

        /** Like the application's: commands fail at once while the connection is down. */
        StringRedisTemplate template() {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration("127.0.0.1", REDIS.server().port()),
                    LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2))
                            .clientOptions(ClientOptions.builder()
                                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build())
                            .build());
            factory.afterPropertiesSet();
            factory.start();
            factories.add(factory);
            return new StringRedisTemplate(factory);
        }

        @AfterEach
        void stop() {
            made.forEach(RedisInbox::halt);
            factories.forEach(LettuceConnectionFactory::destroy);
        }

        @Test
        void anEventIsKeptUntilItsReplyWasSent() {
            RedisInbox inbox = instance("A", engine, Duration.ofMinutes(1));
            inbox.accept(new UserText(ALICE, "查询天气"), ADDRESS, r -> { });
            assertThat(inbox.figures().pending()).isEqualTo(1);
            DurableSink sink = (DurableSink) engine.handed.get(0).sink();
            assertThat(sink.takenOver()).isFalse();
            assertThat(sink.started()).as("nobody else runs it").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> inbox.figures().inProgress().get("A") == 1L
                    && inbox.figures().pending() == 0);
            sink.deliver(reply("done"));
            await().atMost(Duration.ofSeconds(5)).until(() -> inbox.figures().inProgress().get("A") == 0L);
            assertThat(inbox.figures().oldestAge()).isEqualTo(Duration.ZERO);
        }

        @Test
        void whileRedisIsDownNothingIsAcceptedNorHandedToTheEngine() {
            RedisInbox inbox = instance("A", engine, Duration.ofMinutes(1));
            REDIS.server().stop();
            try {
                assertThatThrownBy(() -> inbox.accept(new UserText(ALICE, "x"), ADDRESS, r -> { }))
                        .isInstanceOf(DataAccessException.class);
                assertThat(engine.handed).isEmpty();
            } finally {
                REDIS.server().restart();
            }
        }

        @Test
        void aStoppedInstancesEventsAreTakenOverInOrderAndAnsweredThroughTheirChannel() {
            RedisInbox a = instance("A", engine, Duration.ofMillis(600));
            a.accept(new UserText(ALICE, "one"), ADDRESS, r -> { });
            a.accept(new UserText(ALICE, "two"), ADDRESS, r -> { });
            a.accept(new ChoicePicked(ALICE, "tok"), ADDRESS, r -> { });
            a.halt();

            HeldEngine other = new HeldEngine();
            RedisInbox b = instance("B", other, Duration.ofMillis(600));
            await().atMost(Duration.ofSeconds(10)).until(() -> other.handed.size() == 3);
            assertThat(other.handed).extracting(HeldEngine.Handed::event).containsExactly(
                    new UserText(ALICE, "one"), new UserText(ALICE, "two"), new ChoicePicked(ALICE, "tok"));
            assertThat(b.figures().takenOver()).isEqualTo(3);
            assertThat(b.takenOverHere()).isEqualTo(3);
            for (HeldEngine.Handed h : other.handed) {
                DurableSink sink = (DurableSink) h.sink();
                assertThat(sink.takenOver()).isTrue();
                assertThat(sink.started()).isTrue();
                sink.deliver(reply(h.event() instanceof UserText t ? t.text() : "click"));
            }
            assertThat(resolvedReplies).containsExactly("alice:one", "alice:two", "alice:click");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.figures().pending() == 0
                    && b.figures().oldestAge().isZero());
            assertThat(other.handed).as("taken once only").hasSize(3);
        }

        @Test
        void anEventTheStoppedInstanceFinishedAfterAllIsNotRunAgain() {
            RedisInbox a = instance("A", engine, Duration.ofMillis(600));
            a.accept(new UserText(ALICE, "one"), ADDRESS, r -> { });
            a.halt(); // frozen, not dead: its engine goes on
            HeldEngine other = new HeldEngine();
            instance("B", other, Duration.ofMillis(600));
            await().atMost(Duration.ofSeconds(10)).until(() -> other.handed.size() == 1);

            DurableSink original = (DurableSink) engine.handed.get(0).sink();
            assertThat(original.started()).as("another instance has it now").isFalse();
            DurableSink taken = (DurableSink) other.handed.get(0).sink();
            assertThat(taken.started()).isTrue();
        }

        @Test
        void whatATurnRecordedIsWhatTheInstanceTakingItOverReads() {
            RedisInbox a = instance("A", engine, Duration.ofMillis(600));
            a.accept(new UserText(ALICE, "one"), ADDRESS, r -> { });
            a.accept(new UserText(ALICE, "two"), ADDRESS, r -> { });
            a.accept(new UserText(ALICE, "three"), ADDRESS, r -> { });
            DurableSink first = (DurableSink) engine.handed.get(0).sink();
            DurableSink second = (DurableSink) engine.handed.get(1).sink();
            first.started();
            first.calling(true);
            second.started();
            second.calling(false);
            second.finished(reply("saved"));
            a.halt();

            HeldEngine other = new HeldEngine();
            instance("B", other, Duration.ofMillis(600));
            await().atMost(Duration.ofSeconds(10)).until(() -> other.handed.size() == 3);
            List<Optional<DurableSink.Mark>> marks = other.handed.stream()
                    .map(h -> ((DurableSink) h.sink()).mark()).toList();
            assertThat(marks.get(0)).contains(new DurableSink.Mark(true, true, null));
            assertThat(marks.get(1)).contains(new DurableSink.Mark(true, false, reply("saved")));
            assertThat(marks.get(2)).isEmpty();
        }

        @Test
        void aClosedInstanceHandsItsEventsBackAndAnotherTakesThemAtOnce() throws Exception {
            RedisInbox a = instance("A", engine, Duration.ofMinutes(5));
            a.accept(new UserText(ALICE, "one"), ADDRESS, r -> { });
            HeldEngine other = new HeldEngine();
            instance("B", other, Duration.ofMinutes(5));
            a.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> other.handed.size() == 1);
            assertThat(other.handed.get(0).event()).isEqualTo(new UserText(ALICE, "one"));
        }
    }
}
