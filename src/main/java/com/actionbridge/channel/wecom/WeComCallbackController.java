package com.actionbridge.channel.wecom;

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

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET|POST /callback/wecom/{botId}}: WeCom's URL verification and message deliveries. The request
 * thread only checks, de-duplicates and hands off, then answers 200 with an empty body ("no passive
 * reply"); replies go out later through the send API.
 */
@RestController
public class WeComCallbackController {

    private static final Logger log = LoggerFactory.getLogger(WeComCallbackController.class);
    private static final String PLATFORM = "wecom";
    private static final String UNKNOWN_BOT = "unknown";

    private final BotRegistry registry;
    private final WeComClients clients;
    private final WeComInbound inbound;
    private final WeComDispatcher dispatcher;
    private final CallbackMetrics metrics;
    private final WeComProperties properties;

    public WeComCallbackController(BotRegistry registry, WeComClients clients, WeComInbound inbound,
                                   WeComDispatcher dispatcher, CallbackMetrics metrics,
                                   WeComProperties properties) {
        this.registry = registry;
        this.clients = clients;
        this.inbound = inbound;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.properties = properties;
    }

    @GetMapping(path = "/callback/wecom/{botId}", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> verify(@PathVariable String botId,
                                         @RequestParam(name = "msg_signature", required = false) String signature,
                                         @RequestParam(required = false) String timestamp,
                                         @RequestParam(required = false) String nonce,
                                         @RequestParam(required = false) String echostr) {
        Optional<BotConfig> bot = registry.find(botId, Platform.WECOM);
        if (bot.isEmpty()) {
            metrics.record(UNKNOWN_BOT, PLATFORM, CallbackOutcome.IGNORED);
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        WeComInbound.UrlCheck check = inbound.verifyUrl(clients.config(bot.get()), signature, timestamp, nonce,
                echostr);
        if (check instanceof WeComInbound.Refused refused) {
            return ResponseEntity.status(refusal(botId, refused)).build();
        }
        metrics.record(botId, PLATFORM, CallbackOutcome.IGNORED);
        log.info("WeCom bot '{}': callback URL verified", botId);
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(((WeComInbound.Verified) check).echo());
    }

    @PostMapping("/callback/wecom/{botId}")
    public ResponseEntity<Void> receive(@PathVariable String botId, HttpServletRequest request)
            throws IOException {
        Optional<BotConfig> bot = registry.find(botId, Platform.WECOM);
        if (bot.isEmpty()) {
            metrics.record(UNKNOWN_BOT, PLATFORM, CallbackOutcome.IGNORED);
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        long max = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            return ResponseEntity.status(refusal(botId, tooLarge())).build();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, max + 1));
        }
        if (body.length > max) {
            return ResponseEntity.status(refusal(botId, tooLarge())).build();
        }
        // The body is read first, so these come from the query string only.
        String signature = request.getParameter("msg_signature");
        String timestamp = request.getParameter("timestamp");
        String nonce = request.getParameter("nonce");
        WeComInbound.Result result = inbound.receive(bot.get(), clients.config(bot.get()), signature, timestamp,
                nonce, body);
        if (result instanceof WeComInbound.Refused refused) {
            return ResponseEntity.status(refusal(botId, refused)).build();
        }
        CallbackOutcome outcome;
        try {
            outcome = dispatcher.dispatch(bot.get(), ((WeComInbound.Accepted) result).message());
        } catch (RejectedExecutionException e) {
            metrics.record(botId, PLATFORM, CallbackOutcome.RATE_LIMITED);
            log.warn("WeCom bot '{}': too much work queued, asking WeCom to retry later", botId);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        metrics.record(botId, PLATFORM, outcome);
        return ResponseEntity.ok().build();
    }

    private HttpStatus refusal(String botId, WeComInbound.Refused refused) {
        metrics.record(botId, PLATFORM, refused.outcome());
        log.warn("WeCom bot '{}': callback refused with {}: {}", botId, refused.status().value(), refused.reason());
        return refused.status();
    }

    private static WeComInbound.Refused tooLarge() {
        return new WeComInbound.Refused(HttpStatus.CONTENT_TOO_LARGE, CallbackOutcome.TOO_LARGE, "body too large");
    }
}
