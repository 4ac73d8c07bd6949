package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
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
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.UserText;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes a verified WeCom message: de-duplicates it, then hands text and card clicks to the engine and
 * answers other messages and app entries itself. Returns at once; every send happens on another thread
 * (the engine's for engine replies, the channel's small reply pool for its own).
 */
public class WeComDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WeComDispatcher.class);

    static final String CARD_EVENT = "template_card_event";
    static final String ENTER_AGENT = "enter_agent";

    /** The name of WeCom app replies in a stored {@link ReplyAddress}. */
    static final String CHANNEL = "wecom";

    private final Inbox inbox;
    private final Deduplicator deduplicator;
    private final WeComCardRenderer renderer;
    private final WeComSender sender;
    private final WeComTexts texts;
    private final ExecutorService replies;

    public WeComDispatcher(Inbox inbox, Deduplicator deduplicator, WeComCardRenderer renderer,
                           WeComSender sender, WeComTexts texts, ExecutorService replies) {
        this.inbox = inbox;
        this.deduplicator = deduplicator;
        this.renderer = renderer;
        this.sender = sender;
        this.texts = texts;
        this.replies = replies;
    }

    /**
     * Handles one verified delivery.
     *
     * @throws RejectedExecutionException when the work could not be queued; the delivery is forgotten so
     *                                    WeCom's retry can succeed
     */
    public CallbackOutcome dispatch(BotConfig bot, WxCpXmlMessage message) {
        String from = message.getFromUserName();
        String type = message.getMsgType();
        if ("event".equals(type)) {
            String event = message.getEvent();
            if (CARD_EVENT.equals(event)) {
                String key = "wecom:" + bot.id() + ":card:" + from + ":" + message.getTaskId() + ":"
                        + message.getEventKey() + ":" + message.getResponseCode();
                ChoicePicked click = new ChoicePicked(origin(bot, from), nullToEmpty(message.getEventKey()));
                return toEngine(bot, from, key, click, message.getResponseCode());
            }
            if (ENTER_AGENT.equals(event)) {
                String key = "wecom:" + bot.id() + ":enter:" + from + ":" + message.getCreateTime();
                return local(bot, from, key, new Card(CardStatus.WELCOME, texts.get("wecom.welcome.title"),
                        texts.get("wecom.welcome.body"), null, null));
            }
            return CallbackOutcome.IGNORED;
        }
        String key = "wecom:" + bot.id() + ":msg:" + (message.getMsgId() != null ? message.getMsgId()
                : from + ":" + message.getCreateTime() + ":" + type);
        if ("text".equals(type)) {
            return toEngine(bot, from, key, new UserText(origin(bot, from), nullToEmpty(message.getContent()).strip()),
                    null);
        }
        return local(bot, from, key, Card.text(CardStatus.NOTICE, texts.get("wecom.unsupported.title"),
                texts.get("wecom.unsupported.body")));
    }

    static Origin origin(BotConfig bot, String userId) {
        return new Origin(SessionKey.oneToOne(bot.id(), userId), "wecom:" + bot.corpId() + ":" + userId);
    }

    private CallbackOutcome toEngine(BotConfig bot, String userId, String key, ConversationEvent event,
                                     String responseCode) {
        boolean first = deduplicator.firstDelivery(key, () -> inbox.accept(event,
                address(bot, userId, responseCode), result -> deliver(bot, userId, responseCode, result)));
        return first ? CallbackOutcome.ACCEPTED : CallbackOutcome.DUPLICATE;
    }

    private static ReplyAddress address(BotConfig bot, String userId, String responseCode) {
        Map<String, String> fields = new HashMap<>(4);
        fields.put("bot", bot.id());
        fields.put("user", userId);
        if (responseCode != null) {
            fields.put("responseCode", responseCode);
        }
        return new ReplyAddress(CHANNEL, fields);
    }

    /** Sends the replies of events that another instance accepted, to the address it stored. */
    ReplyResolver resolver(BotRegistry bots) {
        return new ReplyResolver() {
            @Override
            public String channel() {
                return CHANNEL;
            }

            @Override
            public Optional<ReplySink> resolve(Map<String, String> fields) {
                return bots.find(fields.get("bot"), Platform.WECOM).map(bot -> result -> deliver(bot,
                        fields.get("user"), fields.get("responseCode"), result));
            }
        };
    }

    private CallbackOutcome local(BotConfig bot, String userId, String key, Card card) {
        boolean first = deduplicator.firstDelivery(key,
                () -> replies.execute(() -> deliver(bot, userId, null, TurnResult.of(card))));
        return first ? CallbackOutcome.ACCEPTED : CallbackOutcome.DUPLICATE;
    }

    /**
     * Marks the clicked card when the click picked something (or greys it out when it is no longer valid), then
     * sends the turn's cards in order.
     */
    void deliver(BotConfig bot, String userId, String responseCode, TurnResult result) {
        if (responseCode != null && !responseCode.isBlank()) {
            String label = result.chosenLabel().map(chosen -> texts.get("wecom.chosen", chosen))
                    .or(result::expiredLabel).orElse(null);
            if (label != null) {
                sender.updateClickedCard(bot, userId, responseCode, WeComCardRenderer.cut(label, 20));
            }
        }
        int failed = 0;
        for (Card card : result.cards()) {
            for (WeComMessage message : renderer.render(bot.id(), card)) {
                if (!sender.send(bot, userId, message)) {
                    failed++;
                }
            }
        }
        if (failed > 0) {
            log.warn("WeCom bot '{}': {} of the replies to {} could not be delivered (see the errors above)",
                    bot.id(), failed, userId);
        }
    }

    /** Lets queued local replies go out for a few seconds, then stops. */
    @Override
    public void close() throws InterruptedException {
        replies.shutdown();
        replies.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
