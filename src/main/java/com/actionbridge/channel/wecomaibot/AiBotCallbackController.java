package com.actionbridge.channel.wecomaibot;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.channel.CallbackOutcome;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET|POST /callback/wecom-aibot/{botId}}: an AI bot's URL verification and callbacks. Every answer to a
 * callback travels in its HTTP response, encrypted with the callback's nonce and timestamp. Checks run cheapest
 * first and nothing is decrypted before the signature and the timestamp hold.
 */
@RestController
public class AiBotCallbackController {

    private static final Logger log = LoggerFactory.getLogger(AiBotCallbackController.class);
    private static final String PLATFORM = Platform.WECOM_AIBOT.configName();
    private static final String UNKNOWN_BOT = "unknown";
    private static final JsonMapper JSON = AiBotCallback.JSON;

    private final BotRegistry registry;
    private final AiBotInbound inbound;
    private final AiBotChannel channel;
    private final AiBotResponder responder;
    private final CallbackMetrics metrics;
    private final AiBotProperties properties;

    AiBotCallbackController(BotRegistry registry, AiBotInbound inbound, AiBotChannel channel,
                            AiBotResponder responder, CallbackMetrics metrics, AiBotProperties properties) {
        this.registry = registry;
        this.inbound = inbound;
        this.channel = channel;
        this.responder = responder;
        this.metrics = metrics;
        this.properties = properties;
    }

    @GetMapping(path = "/callback/wecom-aibot/{botId}", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> verify(@PathVariable String botId,
                                         @RequestParam(name = "msg_signature", required = false) String signature,
                                         @RequestParam(required = false) String timestamp,
                                         @RequestParam(required = false) String nonce,
                                         @RequestParam(required = false) String echostr) {
        Optional<BotConfig> bot = registry.find(botId, Platform.WECOM_AIBOT);
        if (bot.isEmpty()) {
            metrics.record(UNKNOWN_BOT, PLATFORM, CallbackOutcome.IGNORED);
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        AiBotInbound.Checked checked = inbound.verifyUrl(bot.get(), signature, timestamp, nonce, echostr);
        if (checked instanceof AiBotInbound.Refusal refusal) {
            return ResponseEntity.status(refuse(botId, refusal)).build();
        }
        metrics.record(botId, PLATFORM, CallbackOutcome.IGNORED);
        responder.callbackVerified(botId);
        log.info("WeCom AI bot '{}': callback URL verified", botId);
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(((AiBotInbound.Plain) checked).text());
    }

    @PostMapping("/callback/wecom-aibot/{botId}")
    public ResponseEntity<String> receive(@PathVariable String botId, HttpServletRequest request) throws IOException {
        Optional<BotConfig> found = registry.find(botId, Platform.WECOM_AIBOT);
        if (found.isEmpty()) {
            metrics.record(UNKNOWN_BOT, PLATFORM, CallbackOutcome.IGNORED);
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        BotConfig bot = found.get();
        long max = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            return ResponseEntity.status(refuse(botId, AiBotInbound.TOO_LARGE)).build();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, max + 1));
        }
        if (body.length > max) {
            return ResponseEntity.status(refuse(botId, AiBotInbound.TOO_LARGE)).build();
        }
        // The body is read first, so these come from the query string only.
        String signature = request.getParameter("msg_signature");
        String timestamp = request.getParameter("timestamp");
        String nonce = request.getParameter("nonce");
        AiBotInbound.Received received = inbound.receive(bot, signature, timestamp, nonce,
                new String(body, StandardCharsets.UTF_8));
        if (received instanceof AiBotInbound.Refusal refusal) {
            return ResponseEntity.status(refuse(botId, refusal)).build();
        }
        responder.callbackVerified(botId);
        AiBotChannel.Answer answer;
        try {
            answer = channel.handle(bot, ((AiBotInbound.Accepted) received).callback());
        } catch (RejectedExecutionException e) {
            metrics.record(botId, PLATFORM, CallbackOutcome.RATE_LIMITED);
            log.warn("WeCom AI bot '{}': too much work queued, asking WeCom to retry later", botId);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        metrics.record(botId, PLATFORM, answer.outcome());
        if (answer.reply() == null) {
            return ResponseEntity.ok().build();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(inbound.seal(bot, answer.reply(), timestamp, nonce)));
    }

    private HttpStatus refuse(String botId, AiBotInbound.Refusal refusal) {
        metrics.record(botId, PLATFORM, refusal.outcome());
        log.warn("WeCom AI bot '{}': callback refused with {}: {}", botId, refusal.status().value(), refusal.reason());
        return refusal.status();
    }
}
