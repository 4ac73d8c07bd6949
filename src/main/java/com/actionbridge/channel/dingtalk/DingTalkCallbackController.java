package com.actionbridge.channel.dingtalk;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.DingTalkMode;
import com.actionbridge.bot.Platform;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.channel.CallbackOutcome;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP mode: DingTalk posts bot messages to {@code /callback/dingtalk/{botId}}. Only a bot configured with
 * {@code mode: http} is served. The request thread checks size, signature and JSON, hands off and answers 200;
 * the reply goes out later through the session webhook or the OpenAPI.
 */
@RestController
public class DingTalkCallbackController {

    private static final Logger log = LoggerFactory.getLogger(DingTalkCallbackController.class);

    private final BotRegistry registry;
    private final DingTalkInbound inbound;
    private final CallbackMetrics metrics;
    private final DingTalkProperties props;
    private final Clock clock;

    @Autowired
    public DingTalkCallbackController(BotRegistry registry, DingTalkInbound inbound, CallbackMetrics metrics,
                                      DingTalkProperties props, ObjectProvider<Clock> clock) {
        this(registry, inbound, metrics, props, clock.getIfAvailable(Clock::systemUTC));
    }

    DingTalkCallbackController(BotRegistry registry, DingTalkInbound inbound, CallbackMetrics metrics,
                               DingTalkProperties props, Clock clock) {
        this.registry = registry;
        this.inbound = inbound;
        this.metrics = metrics;
        this.props = props;
        this.clock = clock;
    }

    @PostMapping("/callback/dingtalk/{botId}")
    public ResponseEntity<Map<String, Object>> callback(@PathVariable String botId, HttpServletRequest request)
            throws IOException {
        Optional<BotConfig> found = registry.find(botId, Platform.DINGTALK)
                .filter(b -> b.effectiveMode() == DingTalkMode.HTTP);
        if (found.isEmpty()) {
            // Not tagged with the path's id: anyone can make those up.
            metrics.record("unknown", DingTalkInbound.PLATFORM, CallbackOutcome.IGNORED);
            return ResponseEntity.status(404).body(Map.of("error", "unknown bot"));
        }
        BotConfig bot = found.get();
        byte[] body = readLimited(request, props.maxBodySize());
        if (body == null) {
            metrics.record(bot.id(), DingTalkInbound.PLATFORM, CallbackOutcome.TOO_LARGE);
            return ResponseEntity.status(413).body(Map.of("error", "body too large"));
        }
        if (!CallbackSignature.valid(request.getHeader("timestamp"), request.getHeader("sign"), bot.clientSecret(),
                clock.instant(), props.signatureWindow())) {
            metrics.record(bot.id(), DingTalkInbound.PLATFORM, CallbackOutcome.BAD_SIGNATURE);
            return ResponseEntity.status(403).body(Map.of("error", "bad signature"));
        }
        InboundMessage message;
        try {
            message = inbound.parseMessage(bot, new String(body, StandardCharsets.UTF_8));
        } catch (DingTalkPayloads.MalformedPayloadException e) {
            log.warn("DingTalk bot {}: malformed callback refused: {}", bot.id(), e.getMessage());
            return ResponseEntity.badRequest().body(Map.of("error", "malformed body"));
        }
        // The signature covers the timestamp only: the body must name this very bot (and its org).
        if (!message.addressedTo(bot)) {
            metrics.record(bot.id(), DingTalkInbound.PLATFORM, CallbackOutcome.BAD_SIGNATURE);
            log.warn("DingTalk bot {}: callback for another robot or org refused", bot.id());
            return ResponseEntity.status(403).body(Map.of("error", "not addressed to this bot"));
        }
        inbound.onMessage(bot, message);
        return ResponseEntity.ok(Map.of("msgtype", "empty"));
    }

    /** The body, or null when it is longer than {@code limit}. */
    private static byte[] readLimited(HttpServletRequest request, int limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] data = in.readNBytes(limit + 1);
            return data.length > limit ? null : data;
        }
    }
}
