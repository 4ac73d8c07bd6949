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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * {@code POST /api/v1/chat}: hands the person's text or click to the engine and answers with its cards.
 * <p>
 * The answer is asynchronous: the request thread returns to the server as soon as the event is handed off, and
 * the reply is written when the engine delivers it, so people waiting for the upstream hold no request thread
 * (callbacks, health and the admin API stay fast). After {@code actionbridge.web-chat.reply-timeout} without a
 * reply the request is answered with a "still running" card.
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
    public DeferredResult<ResponseEntity<byte[]>> chat(@RequestBody(required = false) byte[] body,
                                                       HttpServletRequest http) {
        DeferredResult<ResponseEntity<byte[]>> answer = new DeferredResult<>(properties.replyTimeout().toMillis());
        Optional<WebChatAccess.Refusal> refusal = access.check(http);
        if (refusal.isPresent()) {
            answer.setResult(error(refusal.get().status(), refusal.get().error()));
            return answer;
        }
        if (body != null && body.length > MAX_BODY) {
            answer.setResult(error(413, "the body is larger than " + MAX_BODY + " bytes"));
            return answer;
        }
        WebChatRequest request;
        try {
            request = WebChatRequest.parse(json, body);
        } catch (WebChatRequest.Invalid e) {
            answer.setResult(error(400, e.getMessage()));
            return answer;
        }
        Origin origin = request.origin(WEB_BOT_ID);
        Optional<WebChatAccess.Refusal> outOfScope = WebChatAccess.scope(origin.session().botId(), bots);
        if (outOfScope.isPresent()) {
            answer.setResult(error(outOfScope.get().status(), outOfScope.get().error()));
            return answer;
        }
        ConversationEvent event = request.text() != null ? new UserText(origin, request.text())
                : new ChoicePicked(origin, request.choice());

        answer.onTimeout(() -> {
            log.warn("Web chat reply for {} took longer than {}", origin.session(), properties.replyTimeout());
            answer.setResult(ok(TurnResult.of(cards.stillRunning())));
        });
        conversations.handle(event, result -> answer.setResult(ok(result)));
        return answer;
    }

    private ResponseEntity<byte[]> ok(TurnResult result) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(render(result));
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

    private ResponseEntity<byte[]> error(int status, String message) {
        ObjectNode body = json.createObjectNode().put("error", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(body));
    }
}
