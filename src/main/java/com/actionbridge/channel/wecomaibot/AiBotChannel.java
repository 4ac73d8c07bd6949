package com.actionbridge.channel.wecomaibot;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.channel.CallbackOutcome;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.channel.wecom.WeComCardRenderer;
import com.actionbridge.channel.wecom.WeComMessage;
import com.actionbridge.channel.wecom.WeComTexts;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.UserText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * What the AI bot answers to each verified callback, in the callback's own HTTP response.
 * <ul>
 * <li>A text: a new stream ("正在处理…"), the text handed to the engine; WeCom then polls the stream and each
 * refresh gets the latest snapshot, waiting at most {@code refresh-wait} for the engine; the result finishes the
 * stream with its markdown and, when it asks to choose, a button card. A stream still open after
 * {@code stream-limit} is closed with "still working"; the result then goes through the message's
 * response_url.</li>
 * <li>A click: handed to the engine. A result within {@code click-wait} replaces the clicked card at once (the
 * next card under the same task id, or the card showing the choice); its text, if any, follows through the
 * click's response_url. A later result: the card shows the choice now and the result follows through the
 * response_url (markdown; a card only in single chats). A click on someone else's card, an older card or a
 * card already clicked changes nothing; the engine's refusal follows through the response_url.</li>
 * <li>{@code enter_chat}: the welcome text; {@code feedback_event}: an empty answer; other messages: a finished
 * stream saying that only text is understood for now.</li>
 * </ul>
 */
final class AiBotChannel {

    private static final Logger log = LoggerFactory.getLogger(AiBotChannel.class);

    /** The key of the one button a card keeps once its choice is made; a click on it does nothing. */
    static final String DONE_KEY = "ab-done";

    /** An @mention at the start (one or more) or at the end of a group message: WeCom leaves them in the text. */
    private static final Pattern LEADING_MENTIONS = Pattern.compile("^(\\s*@\\S+)+\\s*");
    private static final Pattern TRAILING_MENTION = Pattern.compile("\\s*@\\S+\\s*$");

    /** Posts to a response_url never run on a callback thread: WeCom's 5 s would not wait for them. */
    private static final Executor POSTS = command -> Thread.ofVirtual().name("wecom-aibot-post").start(command);

    /** What to answer and how the callback counts. {@code reply} null means an empty answer. */
    record Answer(Map<String, Object> reply, CallbackOutcome outcome) {
    }

    private final Conversations conversations;
    private final Deduplicator deduplicator;
    private final AiBotStreams streams;
    private final AiBotRenderer renderer;
    private final AiBotResponder responder;
    private final WeComTexts texts;
    private final AiBotProperties properties;
    private final Clock clock;

    AiBotChannel(Conversations conversations, Deduplicator deduplicator, AiBotStreams streams,
                 AiBotRenderer renderer, AiBotResponder responder, WeComTexts texts, AiBotProperties properties,
                 Clock clock) {
        this.conversations = conversations;
        this.deduplicator = deduplicator;
        this.streams = streams;
        this.renderer = renderer;
        this.responder = responder;
        this.texts = texts;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Answers one verified callback.
     *
     * @throws RejectedExecutionException when the engine could not take the work; WeCom's retry may succeed
     */
    Answer handle(BotConfig bot, AiBotCallback callback) {
        if (callback.isRefresh()) {
            return refresh(callback.streamId());
        }
        if (callback.isEvent()) {
            return switch (callback.eventType()) {
                case AiBotCallback.CARD_EVENT -> click(bot, callback);
                case AiBotCallback.ENTER_CHAT -> new Answer(Map.of("msgtype", "text", "text",
                        Map.of("content", texts.get("wecom.welcome.title") + "\n\n" + texts.get("wecom.welcome.body"))),
                        CallbackOutcome.ACCEPTED);
                default -> new Answer(null, CallbackOutcome.IGNORED); // feedback_event and others: an empty packet
            };
        }
        if (callback.text() != null) {
            return text(bot, callback);
        }
        String id = AiBotStreams.streamId(bot.id(), callback.msgId());
        AiBotStreams.Stream stream = streams.open(id, callback.group(), callback.responseUrl(), clock.instant());
        stream.complete(texts.get("wecom.unsupported.body"), null);
        return new Answer(streamReply(snapshot(stream)), CallbackOutcome.IGNORED);
    }

    static Origin origin(BotConfig bot, AiBotCallback callback) {
        SessionKey session = callback.group()
                ? new SessionKey(bot.id(), callback.chatId(), callback.userId())
                : SessionKey.oneToOne(bot.id(), callback.userId());
        return new Origin(session, "wecom-aibot:" + bot.id() + ":" + callback.userId(), WeComCardRenderer.PAGE);
    }

    /** The text without the @mentions of the bot that WeCom leaves at its start or end in group chats. */
    static String withoutMentions(String text, boolean group) {
        String out = text == null ? "" : text;
        if (group) {
            out = LEADING_MENTIONS.matcher(out).replaceFirst("");
            out = TRAILING_MENTION.matcher(out).replaceFirst("");
        }
        return out.strip();
    }

    private Answer text(BotConfig bot, AiBotCallback callback) {
        String id = AiBotStreams.streamId(bot.id(), callback.msgId());
        Origin origin = origin(bot, callback);
        String key = "wecom-aibot:" + bot.id() + ":msg:" + callback.msgId();
        // opened before the de-dup, so that a retry arriving while the first copy is handed off finds it
        AiBotStreams.Stream stream = streams.open(id, callback.group(), callback.responseUrl(), clock.instant());
        boolean first = deduplicator.firstDelivery(key, () -> {
            conversations.handle(new UserText(origin, withoutMentions(callback.text(), callback.group())),
                    result -> finish(bot, origin, stream, result));
        });
        Answer refreshed = refresh(id);
        return new Answer(refreshed.reply(), first ? CallbackOutcome.ACCEPTED : CallbackOutcome.DUPLICATE);
    }

    private Answer refresh(String streamId) {
        Optional<AiBotStreams.Stream> stream = streams.stream(streamId);
        if (stream.isEmpty()) {
            // unknown (another instance's, or forgotten): tell WeCom to stop polling
            return new Answer(streamReply(new AiBotStreams.Snapshot(streamId, true, "", null)),
                    CallbackOutcome.IGNORED);
        }
        return new Answer(streamReply(snapshot(stream.get())), CallbackOutcome.IGNORED);
    }

    private AiBotStreams.Snapshot snapshot(AiBotStreams.Stream stream) {
        return stream.await(properties.refreshWait(), clock, properties.streamLimit(),
                texts.get("wecom.aibot.working"), texts.get("wecom.aibot.still.working"));
    }

    /** The engine's result for a message: into the stream, or, when the stream was closed, via response_url. */
    private void finish(BotConfig bot, Origin origin, AiBotStreams.Stream stream, TurnResult result) {
        AiBotRenderer.Rendered rendered = renderer.withCard(bot.id(), result);
        if (stream.complete(rendered.markdown(), rendered.card())) {
            remember(bot, origin, rendered.card());
            return;
        }
        log.info("WeCom AI bot '{}': a turn outlasted its stream; the result goes through the response_url", bot.id());
        postActive(bot, origin, stream.group, stream.responseUrl, result);
    }

    private Answer click(BotConfig bot, AiBotCallback callback) {
        if (DONE_KEY.equals(callback.eventKey())) {
            return new Answer(null, CallbackOutcome.IGNORED);
        }
        Origin origin = origin(bot, callback);
        String key = "wecom-aibot:" + bot.id() + ":click:" + (callback.msgId() != null && !callback.msgId().isBlank()
                ? callback.msgId() : callback.userId() + ":" + callback.taskId() + ":" + callback.eventKey());
        CompletableFuture<TurnResult> result = new CompletableFuture<>();
        boolean[] ours = {false};
        AiBotStreams.Task[] taken = {null};
        boolean first = deduplicator.firstDelivery(key, () -> {
            Optional<AiBotStreams.Task> task = streams.take(bot.id(), callback.taskId(), callback.userId(),
                    callback.eventKey());
            taken[0] = task.orElse(null);
            ours[0] = task.isPresent();
            try {
                conversations.handle(new ChoicePicked(origin, callback.eventKey()), result::complete);
            } catch (RuntimeException e) {
                task.ifPresent(streams::shown); // not handed over: WeCom's retry may take the card again
                throw e;
            }
        });
        if (!first) {
            return new Answer(null, CallbackOutcome.DUPLICATE);
        }
        if (!ours[0]) {
            // someone else's card, an older one, or one already clicked: the card stays; the engine says why
            result.thenAcceptAsync(r -> postActive(bot, origin, callback.group(), callback.responseUrl(), r), POSTS);
            return new Answer(null, CallbackOutcome.ACCEPTED);
        }
        AiBotStreams.Task task = taken[0];
        TurnResult quick;
        try {
            quick = result.get(properties.clickWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.thenAcceptAsync(r -> postActive(bot, origin, callback.group(), callback.responseUrl(), r), POSTS);
            String label = task.card().buttons().stream().filter(b -> b.key().equals(callback.eventKey()))
                    .map(WeComMessage.Choice::text).findFirst().orElse("");
            return new Answer(update(renderer.chosen(task.card(), label, DONE_KEY)), CallbackOutcome.ACCEPTED);
        } catch (ExecutionException e) {
            return new Answer(null, CallbackOutcome.ACCEPTED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, CallbackOutcome.ACCEPTED);
        }
        AiBotRenderer.Rendered rendered = renderer.withCard(bot.id(), quick);
        if (!rendered.markdown().isBlank()) {
            POSTS.execute(() -> post(bot, callback.responseUrl(), markdown(rendered.markdown())));
        }
        if (rendered.card() != null) {
            WeComMessage.ButtonCard next = rendered.card();
            WeComMessage.ButtonCard replaced = new WeComMessage.ButtonCard(task.card().taskId(), next.title(),
                    next.subtitle(), next.rows(), next.buttons());
            remember(bot, origin, replaced);
            return new Answer(update(replaced), CallbackOutcome.ACCEPTED);
        }
        streams.noCard(origin.session());
        return new Answer(quick.chosenLabel().map(label -> update(renderer.chosen(task.card(), label, DONE_KEY)))
                .orElse(null), CallbackOutcome.ACCEPTED);
    }

    /**
     * A result that cannot go into a stream or a card update: one post to the response_url. In a single chat a
     * result that is one card with choices goes as that card; otherwise as markdown, choices listed by number.
     */
    private void postActive(BotConfig bot, Origin origin, boolean group, String responseUrl, TurnResult result) {
        AiBotRenderer.Rendered rendered = renderer.withCard(bot.id(), result);
        if (!group && rendered.card() != null && rendered.markdown().isBlank()) {
            if (post(bot, responseUrl, Map.of("msgtype", "template_card",
                    "template_card", AiBotRenderer.templateCard(rendered.card())))) {
                remember(bot, origin, rendered.card());
            }
            return;
        }
        if (rendered.card() != null) {
            streams.noCard(origin.session()); // its choices are listed by number: the older card is stale
        }
        post(bot, responseUrl, markdown(renderer.markdownOnly(result)));
    }

    private boolean post(BotConfig bot, String url, Map<String, Object> body) {
        return responder.post(bot, url, body);
    }

    private void remember(BotConfig bot, Origin origin, WeComMessage.ButtonCard card) {
        if (card == null) {
            streams.noCard(origin.session());
        } else {
            streams.shown(new AiBotStreams.Task(bot.id(), origin.session().personId(), origin.session(), card, false));
        }
    }

    private static Map<String, Object> streamReply(AiBotStreams.Snapshot snapshot) {
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("id", snapshot.id());
        stream.put("finish", snapshot.finish());
        stream.put("content", snapshot.content());
        Map<String, Object> reply = new LinkedHashMap<>();
        if (snapshot.card() != null) {
            reply.put("msgtype", "stream_with_template_card");
            reply.put("stream", stream);
            reply.put("template_card", AiBotRenderer.templateCard(snapshot.card()));
        } else {
            reply.put("msgtype", "stream");
            reply.put("stream", stream);
        }
        return reply;
    }

    private static Map<String, Object> update(WeComMessage.ButtonCard card) {
        return Map.of("response_type", "update_template_card", "template_card", AiBotRenderer.templateCard(card));
    }

    private static Map<String, Object> markdown(String content) {
        return Map.of("msgtype", "markdown", "markdown", Map.of("content", content));
    }
}
