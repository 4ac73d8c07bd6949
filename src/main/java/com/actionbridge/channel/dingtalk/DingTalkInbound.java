package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.channel.CallbackOutcome;
import com.actionbridge.channel.Deduplicator;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Inbox;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.ReplyAddress;
import com.actionbridge.conversation.ReplyResolver;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.UserText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * What both receiving paths (Stream and HTTP) do with a verified delivery: parse, de-duplicate, turn it into a
 * neutral event and hand it to the engine. Never waits for the upstream or for a send: the caller acknowledges
 * as soon as this returns.
 */
public class DingTalkInbound implements AutoCloseable {

    static final String PLATFORM = "dingtalk";
    private static final Logger log = LoggerFactory.getLogger(DingTalkInbound.class);

    private final Inbox inbox;
    private final Deduplicator dedup;
    private final CallbackMetrics metrics;
    private final DingTalkReplier replier;
    private final DingTalkTexts texts;
    private final ExecutorService sendExecutor;

    public DingTalkInbound(Inbox inbox, Deduplicator dedup, CallbackMetrics metrics,
                           DingTalkReplier replier, DingTalkTexts texts, ExecutorService sendExecutor) {
        this.inbox = inbox;
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
        Origin origin = new Origin(session, upstreamUserId(bot, m.corpId(), m.senderStaffId()));
        ReplySink sink = result -> replier.deliver(bot, target, result, null);
        return handOff(bot, key, () -> inbox.accept(new UserText(origin, m.text()), address(bot, target, null), sink));
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
        Origin origin = new Origin(session, upstreamUserId(bot, click.corpId(), click.userId()));
        ConversationEvent event = new ChoicePicked(origin, token);
        ReplySink sink = result -> replier.deliver(bot, target, result, sent);
        ReplyAddress address = address(bot, target, sent == null ? null : sent.outTrackId());
        return handOff(bot, key, () -> inbox.accept(event, address, sink));
    }

    /** A reply's target as plain fields, for an instance that takes the event over. */
    private static ReplyAddress address(BotConfig bot, ReplyTarget target, String clickedCard) {
        Map<String, String> fields = new HashMap<>(12);
        fields.put("bot", bot.id());
        fields.put("group", String.valueOf(target.group()));
        put(fields, "conversation", target.conversationId());
        put(fields, "staff", target.staffId());
        put(fields, "nick", target.nick());
        put(fields, "webhook", target.webhook());
        fields.put("webhookExpires", String.valueOf(target.webhookExpires()));
        put(fields, "clickedCard", clickedCard);
        return new ReplyAddress(PLATFORM, fields);
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    /** Sends the replies of events that another instance accepted, to the address it stored. */
    ReplyResolver resolver(BotRegistry bots) {
        return new ReplyResolver() {
            @Override
            public String channel() {
                return PLATFORM;
            }

            @Override
            public Optional<ReplySink> resolve(Map<String, String> f) {
                return bots.find(f.get("bot"), Platform.DINGTALK).map(bot -> {
                    ReplyTarget target = new ReplyTarget(Boolean.parseBoolean(f.get("group")), f.get("conversation"),
                            f.get("staff"), f.get("nick"), f.get("webhook"), Long.parseLong(f.get("webhookExpires")));
                    SentCard clicked = f.get("clickedCard") == null ? null
                            : replier.sentCard(bot.id(), f.get("clickedCard")).orElse(null);
                    return result -> replier.deliver(bot, target, result, clicked);
                });
            }
        };
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
