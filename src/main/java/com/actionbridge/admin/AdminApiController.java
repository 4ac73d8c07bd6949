package com.actionbridge.admin;

import com.actionbridge.bot.BotConnection;
import com.actionbridge.conversation.EngineLoad;
import com.actionbridge.conversation.Inbox;
import com.actionbridge.conversation.SessionDirectory;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.SessionSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The admin API behind the console; {@link AdminAccess} guards it. */
@RestController
@RequestMapping("/admin/api")
class AdminApiController {

    record ConnectionView(boolean connected, Instant lastConnected, long reconnects, String lastError,
                          String detail) {
        static ConnectionView of(BotConnection c) {
            return c == null ? null
                    : new ConnectionView(c.connected(), c.lastConnected(), c.reconnects(), c.lastError(), c.detail());
        }
    }

    record BotView(String id, String platform, String name, String mode, ConnectionView connection, String health,
                   Map<String, Object> details, int allowedUsers, boolean upstreamOverrides) {
    }

    record SessionView(String botId, String conversationId, String personId, String upstreamUserId, String chatId,
                       String status, String step, Instant lastActive) {
        static SessionView of(SessionSummary s) {
            return new SessionView(s.key().botId(), s.key().conversationId(), s.key().personId(), s.upstreamUserId(),
                    s.chatId(), s.status(), s.step(), s.lastActive());
        }
    }

    record SessionRef(String botId, String conversationId, String personId) {
    }

    record EngineView(Integer queued, Integer running, Long rejected) {
    }

    record Overview(Long sessions, EngineView engine, UpstreamProbe.Result upstream, boolean recordText,
                    int rateLimitPerMinute, int bots) {
    }

    /**
     * The durable inbox: {@code durable} false with the memory store (nothing is kept beyond the engine's memory,
     * the other figures then absent).
     */
    record InboxView(boolean durable, Long pending, Map<String, Long> inProgress, Long takenOver,
                     Double oldestAgeSeconds) {
    }

    private static final int MAX_LIMIT = 1_000;

    private final BotStates states;
    private final ObjectProvider<SessionDirectory> sessions;
    private final ObjectProvider<EngineLoad> load;
    private final TurnLog turns;
    private final BotsReloader reloader;
    private final UpstreamProbe upstream;
    private final AdminProperties admin;
    private final RateLimitProperties rateLimit;
    private final ObjectProvider<Inbox> inbox;

    AdminApiController(BotStates states, ObjectProvider<SessionDirectory> sessions, ObjectProvider<EngineLoad> load,
                       TurnLog turns, BotsReloader reloader, UpstreamProbe upstream, AdminProperties admin,
                       RateLimitProperties rateLimit, ObjectProvider<Inbox> inbox) {
        this.states = states;
        this.sessions = sessions;
        this.load = load;
        this.turns = turns;
        this.reloader = reloader;
        this.upstream = upstream;
        this.admin = admin;
        this.rateLimit = rateLimit;
        this.inbox = inbox;
    }

    @GetMapping("/overview")
    Overview overview() {
        SessionDirectory directory = sessions.getIfAvailable();
        EngineLoad engine = load.getIfAvailable();
        return new Overview(directory == null ? null : directory.count(),
                engine == null ? null : new EngineView(engine.queued(), engine.running(), engine.rejected()),
                upstream.check(), admin.recordText(), rateLimit.perMinute(), states.all().size());
    }

    @GetMapping("/inbox")
    InboxView inbox() {
        Inbox durable = inbox.getIfAvailable();
        Inbox.Figures f = durable == null ? null : durable.figures();
        return f == null ? new InboxView(false, null, null, null, null)
                : new InboxView(true, f.pending(), f.inProgress(), f.takenOver(), f.oldestAge().toMillis() / 1000.0);
    }

    @GetMapping("/bots")
    List<BotView> bots() {
        return states.all().stream().map(s -> new BotView(s.bot().id(),
                s.bot().platform() == null ? null : s.bot().platform().configName(), s.bot().displayName(),
                s.mode(), ConnectionView.of(s.connection()), s.state().name(), s.details(),
                s.bot().allowedUsers().size(), s.bot().upstream() != null)).toList();
    }

    @GetMapping("/sessions")
    ResponseEntity<?> sessions(@RequestParam(name = "bot", required = false) String bot,
                               @RequestParam(name = "limit", defaultValue = "100") int limit) {
        SessionDirectory directory = sessions.getIfAvailable();
        if (directory == null) {
            return engineMissing();
        }
        List<SessionView> list = directory.list(blankToNull(bot), clamp(limit)).stream().map(SessionView::of).toList();
        return ResponseEntity.ok(list);
    }

    @DeleteMapping("/sessions")
    ResponseEntity<?> deleteSession(@RequestParam("bot") String bot, @RequestParam("conversation") String conversation,
                                    @RequestParam("person") String person) {
        return reset(new SessionRef(bot, conversation, person));
    }

    @PostMapping("/sessions/reset")
    ResponseEntity<?> reset(@RequestBody SessionRef ref) {
        SessionDirectory directory = sessions.getIfAvailable();
        if (directory == null) {
            return engineMissing();
        }
        if (ref == null || ref.botId() == null || ref.conversationId() == null || ref.personId() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "botId, conversationId and personId are required"));
        }
        boolean reset = directory.reset(new SessionKey(ref.botId(), ref.conversationId(), ref.personId()));
        return ResponseEntity.status(reset ? HttpStatus.OK : HttpStatus.NOT_FOUND).body(Map.of("reset", reset));
    }

    @GetMapping("/turns")
    List<TurnLog.Entry> turns(@RequestParam(name = "bot", required = false) String bot,
                              @RequestParam(name = "limit", defaultValue = "100") int limit) {
        return turns.recent(blankToNull(bot), clamp(limit));
    }

    @PostMapping("/reload")
    ResponseEntity<BotsReloader.Outcome> reload() {
        BotsReloader.Outcome outcome = reloader.reload();
        return ResponseEntity.status(outcome.applied() ? HttpStatus.OK : HttpStatus.BAD_REQUEST).body(outcome);
    }

    private static ResponseEntity<?> engineMissing() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "the engine is not running"));
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, MAX_LIMIT));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
