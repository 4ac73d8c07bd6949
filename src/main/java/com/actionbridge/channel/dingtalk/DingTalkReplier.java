package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.card.Card;
import com.actionbridge.conversation.TurnResult;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends the engine's cards to DingTalk. With a card template: each card is a new interactive card
 * (createAndDeliver, callbacks over Stream) and a clicked card is updated in place. Without one: action-card or
 * markdown messages through the message's session webhook while it is valid, else the robot OpenAPI.
 */
public class DingTalkReplier {

    /** Hosts whose https session webhooks are DingTalk's own. */
    static final Set<String> DINGTALK_WEBHOOK_HOSTS = Set.of("api.dingtalk.com", "oapi.dingtalk.com");
    /** Counts session webhooks not used because they point elsewhere (tag {@code bot}). */
    static final String WEBHOOK_REFUSED = "actionbridge.dingtalk.webhook.refused";
    private static final Logger log = LoggerFactory.getLogger(DingTalkReplier.class);

    private final DingTalkApi api;
    private final MeterRegistry meters;
    private final ActionCardRenderer actionCards;
    private final InteractiveCardRenderer interactiveCards;
    private final DingTalkProperties props;
    private final Clock clock;
    /** The cards sent, and the newest one per conversation and person: what a typed option number answers. */
    private final SentCards sentCards;

    /** Remembers the sent cards in this instance's memory. */
    public DingTalkReplier(DingTalkApi api, ActionCardRenderer actionCards, InteractiveCardRenderer interactiveCards,
                           DingTalkProperties props, Clock clock, MeterRegistry meters) {
        this(api, actionCards, interactiveCards, props, clock,
                new com.actionbridge.store.memory.MemorySentCards(props.cardRetention()), meters);
    }

    public DingTalkReplier(DingTalkApi api, ActionCardRenderer actionCards, InteractiveCardRenderer interactiveCards,
                           DingTalkProperties props, Clock clock, SentCards sentCards, MeterRegistry meters) {
        this.api = api;
        this.meters = meters;
        this.actionCards = actionCards;
        this.interactiveCards = interactiveCards;
        this.props = props;
        this.clock = clock;
        this.sentCards = sentCards;
    }

    /** The card a click refers to, when it was sent by this bot and is still remembered. */
    public Optional<SentCard> sentCard(String botId, String outTrackId) {
        return sentCards.find(outTrackId).filter(c -> c.botId().equals(botId));
    }

    /** Sends a turn's cards; {@code clicked} is the interactive card whose button produced the turn, or null. */
    public void deliver(BotConfig bot, ReplyTarget target, TurnResult result, SentCard clicked) {
        if (bot.hasCardTemplate()) {
            if (clicked == null && result.chosenLabel().isPresent()) {
                // An option typed as its number (or sent as a command) answers the person's newest card.
                clicked = sentCards.latest(latestKey(bot.id(), target)).flatMap(id -> sentCard(bot.id(), id))
                        .orElse(null);
            }
            if (clicked != null && result.chosenLabel().isPresent()) {
                update(bot, clicked, interactiveCards.chosen(clicked.params(), result.chosenLabel().get()));
            } else if (clicked != null && result.expiredLabel().isPresent()) {
                update(bot, clicked, interactiveCards.expired(clicked.params(), result.expiredLabel().get()));
            }
            for (Card card : result.cards()) {
                deliverInteractive(bot, target, card);
            }
        } else {
            for (Card card : result.cards()) {
                sendMessage(bot, target, card);
            }
        }
    }

    /** Sends one card as a robot message (action card or markdown), whatever the bot's rendering. */
    public void sendMessage(BotConfig bot, ReplyTarget target, Card card) {
        OutgoingMessage message = actionCards.render(card, target);
        if (webhookUsable(bot, target)) {
            DingTalkApi.Result r = api.webhook(bot, target.webhook(), message.webhookBody());
            if (r.ok() || r.delivered()) {
                return;
            }
        }
        api.robotSend(bot, target, message);
    }

    private boolean webhookUsable(BotConfig bot, ReplyTarget target) {
        if (target.webhook() == null
                || clock.millis() >= target.webhookExpires() - props.webhookMargin().toMillis()) {
            return false;
        }
        if (trustedWebhook(bot, target.webhook())) {
            return true;
        }
        // The webhook comes from the message body, which DingTalk does not sign: never post a card elsewhere.
        meters.counter(WEBHOOK_REFUSED, "bot", bot.id()).increment();
        log.warn("DingTalk bot {}: session webhook on an unexpected host not used; replying through the OpenAPI",
                bot.id());
        return false;
    }

    /**
     * A session webhook is used only on DingTalk's API hosts over https, or on the host of the bot's configured
     * {@code api-base-url} (a proxy, a test server) with its scheme and port.
     */
    static boolean trustedWebhook(BotConfig bot, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if ("https".equalsIgnoreCase(scheme) && DINGTALK_WEBHOOK_HOSTS.contains(host)
                && (uri.getPort() == -1 || uri.getPort() == 443)) {
            return true;
        }
        URI base = URI.create(bot.effectiveApiBaseUrl());
        return scheme.equalsIgnoreCase(base.getScheme()) && host.equalsIgnoreCase(base.getHost())
                && port(uri) == port(base);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private void deliverInteractive(BotConfig bot, ReplyTarget target, Card card) {
        String outTrackId = "ab-" + UUID.randomUUID();
        Map<String, String> params = interactiveCards.render(card);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cardTemplateId", bot.cardTemplateId());
        body.put("outTrackId", outTrackId);
        body.put("callbackType", "STREAM");
        body.put("cardData", Map.of("cardParamMap", params));
        body.put("userIdType", 1);
        if (target.group()) {
            body.put("openSpaceId", "dtv1.card//IM_GROUP." + target.conversationId());
            body.put("imGroupOpenSpaceModel", Map.of("supportForward", true));
            body.put("imGroupOpenDeliverModel", Map.of("robotCode", bot.effectiveRobotCode(),
                    "atUserIds", Map.of(target.staffId(), target.displayName())));
        } else {
            body.put("openSpaceId", "dtv1.card//IM_ROBOT." + target.staffId());
            body.put("imRobotOpenSpaceModel", Map.of("supportForward", true));
            body.put("imRobotOpenDeliverModel", Map.of("spaceType", "IM_ROBOT", "robotCode", bot.effectiveRobotCode()));
        }
        // Remembered before sending: a quick click must find it.
        sentCards.put(new SentCard(outTrackId, bot.id(), target, params));
        if (!card.choices().isEmpty()) {
            sentCards.putLatest(latestKey(bot.id(), target), outTrackId);
        }
        DingTalkApi.Result r = api.createAndDeliverCard(bot, body);
        if (!r.ok()) {
            sentCards.forget(outTrackId);
            if (!r.delivered()) {
                sendMessage(bot, target, card);
            }
        }
    }

    private static String latestKey(String botId, ReplyTarget target) {
        return botId + "/" + (target.group() ? target.conversationId() : "") + "/" + target.staffId();
    }

    private void update(BotConfig bot, SentCard clicked, Map<String, String> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outTrackId", clicked.outTrackId());
        body.put("cardData", Map.of("cardParamMap", params));
        body.put("cardUpdateOptions", Map.of("updateCardDataByKey", true));
        api.updateCard(bot, body);
        sentCards.put(new SentCard(clicked.outTrackId(), clicked.botId(), clicked.target(), params));
    }
}
