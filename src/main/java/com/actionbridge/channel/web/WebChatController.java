package com.actionbridge.channel.web;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.UserText;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/v1/chat}: hands the person's text or click to the engine and answers with its cards.
 * The request waits for the engine's reply, bounded by {@code actionbridge.web-chat.reply-timeout}.
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
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param envApiKey the {@code WEB_CHAT_API_KEY} environment variable, used when
     *                  {@code actionbridge.web-chat.api-key} is not set
     */
    public WebChatController(Conversations conversations, BotRegistry bots, WebChatProperties properties,
                             @Value("${WEB_CHAT_API_KEY:}") String envApiKey) {
        this.conversations = conversations;
        this.bots = bots;
        this.properties = properties;
        this.access = new WebChatAccess(properties.hasApiKey() ? properties.apiKey() : envApiKey);
    }

    @PostMapping("/api/v1/chat")
    public ResponseEntity<byte[]> chat(@RequestBody(required = false) byte[] body, HttpServletRequest http) {
        Optional<WebChatAccess.Refusal> refusal = access.check(http);
        if (refusal.isPresent()) {
            return error(refusal.get().status(), refusal.get().error());
        }
        if (body != null && body.length > MAX_BODY) {
            return error(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        WebChatRequest request;
        try {
            request = WebChatRequest.parse(json, body);
        } catch (WebChatRequest.Invalid e) {
            return error(400, e.getMessage());
        }
        Origin origin = request.origin(WEB_BOT_ID);
        Optional<WebChatAccess.Refusal> outOfScope = WebChatAccess.scope(origin.session().botId(), bots);
        if (outOfScope.isPresent()) {
            return error(outOfScope.get().status(), outOfScope.get().error());
        }
        ConversationEvent event = request.text() != null ? new UserText(origin, request.text())
                : new ChoicePicked(origin, request.choice());

        CompletableFuture<TurnResult> reply = new CompletableFuture<>();
        conversations.handle(event, reply::complete);
        try {
            TurnResult result = reply.get(properties.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(render(result));
        } catch (TimeoutException e) {
            log.warn("Web chat reply for {} took longer than {}", origin.session(), properties.replyTimeout());
            return error(504, "no reply in time; the request may still be running, look again before repeating it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "shutting down");
        } catch (ExecutionException e) {
            return error(500, "internal error");
        }
    }

    private byte[] render(TurnResult result) {
        ObjectNode root = json.createObjectNode();
        ArrayNode replies = root.putArray("replies");
        for (Card card : result.cards()) {
            replies.add(card(card));
        }
        root.put("chosen", result.chosenLabel().orElse(null));
        return json.writeValueAsBytes(root);
    }

    private ObjectNode card(Card card) {
        ObjectNode node = json.createObjectNode();
        node.put("status", card.status());
        node.put("title", card.title());
        node.put("text", card.markdown());
        ArrayNode fields = node.putArray("fields");
        for (Field field : card.fields()) {
            fields.addObject().put("label", field.label()).put("value", field.value());
        }
        ArrayNode buttons = node.putArray("buttons");
        for (Button button : card.buttons()) {
            ObjectNode b = buttons.addObject().put("label", button.label());
            if (button instanceof ChoiceButton choice) {
                b.put("choice", choice.token()).put("number", choice.number());
            } else if (button instanceof LinkButton link) {
                b.put("url", link.url());
            }
        }
        return node;
    }

    private ResponseEntity<byte[]> error(int status, String message) {
        ObjectNode body = json.createObjectNode().put("error", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(body));
    }
}
