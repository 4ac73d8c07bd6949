package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.channel.CallbackOutcome;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.UserText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;

/**
 * What both receiving paths (Stream and HTTP) do with a verified delivery: parse, de-duplicate, turn it into a
 * neutral event and hand it to the engine. Never waits for the upstream or for a send: the caller acknowledges
 * as soon as this returns.
 */
public class DingTalkInbound implements AutoCloseable {

    static final String PLATFORM = "dingtalk";
    private static final Logger log = LoggerFactory.getLogger(DingTalkInbound.class);

    private final Conversations conversations;
    private final Deduplicator dedup;
    private final CallbackMetrics metrics;
    private final DingTalkReplier replier;
    private final DingTalkTexts texts;
    private final ExecutorService sendExecutor;

    public DingTalkInbound(Conversations conversations, Deduplicator dedup, CallbackMetrics metrics,
                           DingTalkReplier replier, DingTalkTexts texts, ExecutorService sendExecutor) {
        this.conversations = conversations;
        this.dedup = dedup;
        this.metrics = metrics;
        this.replier = replier;
        this.texts = texts;
        this.sendExecutor = sendExecutor;
    }

    /** A bot message (raw JSON). Throws {@link DingTalkPayloads.MalformedPayloadException} for a bad body. */
    public CallbackOutcome onMessage(BotConfig bot, String json) {
        return onMessage(bot, parseMessage(bot, json));
    }

    /** Parses a bot message; a bad body is counted and thrown as {@link DingTalkPayloads.MalformedPayloadException}. */
    InboundMessage parseMessage(BotConfig bot, String json) {
        try {
            return DingTalkPayloads.message(json);
        } catch (DingTalkPayloads.MalformedPayloadException e) {
            metrics.record(bot.id(), PLATFORM, CallbackOutcome.MALFORMED);
            throw e;
        }
    }

    /** A parsed bot message of {@code bot}. */
    CallbackOutcome onMessage(BotConfig bot, InboundMessage m) {
        String key = "dingtalk:" + bot.id() + ":msg:" + m.msgId();
        if (m.isText() && m.text().isBlank()) {
            return record(bot, CallbackOutcome.IGNORED);
        }
        ReplyTarget target = ReplyTarget.of(m);
        if (!m.isText()) {
            Card card = Card.text(CardStatus.NOTICE, texts.textOnlyTitle(), texts.textOnly());
            return handOff(bot, key, () -> sendExecutor.execute(() -> replier.sendMessage(bot, target, card)));
        }
        SessionKey session = m.group()
                ? new SessionKey(bot.id(), m.conversationId(), m.senderStaffId())
                : SessionKey.oneToOne(bot.id(), m.senderStaffId());
        Origin origin = new Origin(session, upstreamUserId(bot, m.corpId(), m.senderStaffId()), ActionCardRenderer.PAGE);
        ReplySink sink = result -> replier.deliver(bot, target, result, null);
        return handOff(bot, key, () -> conversations.handle(new UserText(origin, m.text()), sink));
    }

    /** A click on an interactive card (raw JSON of the card callback topic). */
    public CallbackOutcome onCardClick(BotConfig bot, String json) {
        CardClick click;
        try {
            click = DingTalkPayloads.cardClick(json);
        } catch (DingTalkPayloads.MalformedPayloadException e) {
            metrics.record(bot.id(), PLATFORM, CallbackOutcome.MALFORMED);
            throw e;
        }
        String key = "dingtalk:" + bot.id() + ":card:" + click.outTrackId() + ":" + click.userId() + ":"
                + click.actionIds() + ":" + new java.util.TreeMap<>(click.params());
        String token = click.token();
        SentCard sent = replier.sentCard(bot.id(), click.outTrackId()).orElse(null);
        ReplyTarget target;
        if (sent != null) {
            target = sent.target().answering(click.userId(), null);
        } else {
            boolean group = "IM_GROUP".equalsIgnoreCase(click.spaceType());
            target = new ReplyTarget(group, group ? click.spaceId() : click.userId(), click.userId(), null, null, 0);
        }
        if (token == null || (target.group() && target.conversationId() == null)) {
            return record(bot, CallbackOutcome.IGNORED);
        }
        SessionKey session = target.group()
                ? new SessionKey(bot.id(), target.conversationId(), click.userId())
                : SessionKey.oneToOne(bot.id(), click.userId());
        Origin origin = new Origin(session, upstreamUserId(bot, click.corpId(), click.userId()), ActionCardRenderer.PAGE);
        ConversationEvent event = new ChoicePicked(origin, token);
        ReplySink sink = result -> replier.deliver(bot, target, result, sent);
        return handOff(bot, key, () -> conversations.handle(event, sink));
    }

    static String upstreamUserId(BotConfig bot, String corpId, String staffId) {
        String corp = corpId != null ? corpId : bot.corpId() != null && !bot.corpId().isBlank() ? bot.corpId()
                : bot.clientId();
        return "dingtalk:" + corp + ":" + staffId;
    }

    private CallbackOutcome handOff(BotConfig bot, String key, Runnable work) {
        try {
            boolean first = dedup.firstDelivery(key, work);
            return record(bot, first ? CallbackOutcome.ACCEPTED : CallbackOutcome.DUPLICATE);
        } catch (RuntimeException e) {
            log.warn("DingTalk delivery could not be handed off: {}", e.toString());
            throw e;
        }
    }

    @Override
    public void close() {
        sendExecutor.shutdown();
    }

    private CallbackOutcome record(BotConfig bot, CallbackOutcome outcome) {
        metrics.record(bot.id(), PLATFORM, outcome);
        return outcome;
    }
}
