package com.actionbridge.channel.web;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.card.Card;
import com.actionbridge.conversation.BridgeCards;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.UserText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code POST /api/v1/chat}: hands the person's text or click to the engine and answers with its cards.
 * <p>
 * The answer is asynchronous: the request thread returns to the server as soon as the event is handed off, and
 * the reply is written when the engine delivers it, so people waiting for the upstream hold no request thread
 * (callbacks, health and the admin API stay fast). After {@code actionbridge.web-chat.reply-timeout} without a
 * reply the request is answered with a "still running" card. The reply is written straight into the response
 * ({@link AsyncAnswer}), without a second pass through the filters and Spring MVC.
 */
@RestController
public class WebChatController {

    /** The bot a web chat talks as when the request names none. */
    public static final String WEB_BOT_ID = "web";

    private static final Logger log = LoggerFactory.getLogger(WebChatController.class);
    private static final int MAX_BODY = 16 * 1024;

    private final Conversations conversations;
    private final BotRegistry bots;
    private final WebChatProperties properties;
    private final WebChatAccess access;
    private final BridgeCards cards;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param envApiKey the {@code WEB_CHAT_API_KEY} environment variable, used when
     *                  {@code actionbridge.web-chat.api-key} is not set
     */
    public WebChatController(Conversations conversations, BotRegistry bots, WebChatProperties properties,
                             BridgeCards cards, @Value("${WEB_CHAT_API_KEY:}") String envApiKey) {
        this.conversations = conversations;
        this.cards = cards;
        this.bots = bots;
        this.properties = properties;
        this.access = new WebChatAccess(properties.hasApiKey() ? properties.apiKey() : envApiKey);
    }

    @PostMapping("/api/v1/chat")
    public void chat(HttpServletRequest http, HttpServletResponse response) throws IOException {
        Optional<WebChatAccess.Refusal> refusal = access.check(http);
        if (refusal.isPresent()) {
            AsyncAnswer.write(response, error(refusal.get().status(), refusal.get().error()));
            return;
        }
        // Read here, at most one byte past the bound: Spring's body conversion copied every header per request.
        byte[] body;
        try (InputStream in = http.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            AsyncAnswer.write(response, error(413, "the body is larger than " + MAX_BODY + " bytes"));
            return;
        }
        WebChatRequest request;
        try {
            request = WebChatRequest.parse(json, body);
        } catch (WebChatRequest.Invalid e) {
            AsyncAnswer.write(response, error(400, e.getMessage()));
            return;
        }
        Origin origin = request.origin(WEB_BOT_ID);
        Optional<WebChatAccess.Refusal> outOfScope = WebChatAccess.scope(origin.session().botId(), bots);
        if (outOfScope.isPresent()) {
            AsyncAnswer.write(response, error(outOfScope.get().status(), outOfScope.get().error()));
            return;
        }
        ConversationEvent event = request.text() != null ? new UserText(origin, request.text())
                : new ChoicePicked(origin, request.choice());

        AsyncAnswer answer = AsyncAnswer.start(http, response, properties.replyTimeout().toMillis(), () -> {
            log.warn("Web chat reply for {} took longer than {}", origin.session(), properties.replyTimeout());
            return ok(TurnResult.of(cards.stillRunning()));
        });
        try {
            conversations.handle(event, result -> answer.send(ok(result)));
        } catch (RuntimeException e) {
            log.error("Web chat event of {} could not be handed to the engine", origin.session(), e);
            answer.send(error(500, "the message could not be handled"));
        }
    }

    private AsyncAnswer.Answer ok(TurnResult result) {
        return new AsyncAnswer.Answer(200, render(result));
    }

    private byte[] render(TurnResult result) {
        ObjectNode root = json.createObjectNode();
        ArrayNode replies = root.putArray("replies");
        for (Card card : result.cards()) {
            replies.add(WebCardRenderer.render(json, card));
        }
        root.put("chosen", result.chosenLabel().orElse(null));
        root.put("expired", result.expiredLabel().orElse(null));
        return json.writeValueAsBytes(root);
    }

    private AsyncAnswer.Answer error(int status, String message) {
        return new AsyncAnswer.Answer(status, json.writeValueAsBytes(json.createObjectNode().put("error", message)));
    }
}
