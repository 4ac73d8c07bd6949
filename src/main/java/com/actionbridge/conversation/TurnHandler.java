package com.actionbridge.conversation;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.action.UpstreamProfiles;
import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.LinkButton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Handles one event of one session, synchronously: the state machine that answers the upstream's last status.
 * The engine guarantees that no two events of the same session run here at the same time.
 */
final class TurnHandler {

    private static final Logger log = LoggerFactory.getLogger(TurnHandler.class);

    /** What one turn produced, with what the engine reports about it. */
    record Outcome(TurnResult result, Duration upstreamLatency, String error) {
    }

    private final SessionStore sessions;
    private final ChoiceTokenStore tokens;
    private final ActionClient client;
    private final UpstreamProfiles profiles;
    private final StatusCards statusCards;
    private final BridgeCards bridgeCards;
    private final Clock clock;

    TurnHandler(SessionStore sessions, ChoiceTokenStore tokens, ActionClient client, UpstreamProfiles profiles,
                BridgeCards bridgeCards, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.client = client;
        this.profiles = profiles;
        this.bridgeCards = bridgeCards;
        this.statusCards = new StatusCards(bridgeCards.texts());
        this.clock = clock;
    }

    /** Told before every upstream call; {@code mayRunAction} for a v1 answer. Throwing stops the call. */
    @FunctionalInterface
    interface UpstreamGuard {
        UpstreamGuard NONE = mayRunAction -> {
        };

        void calling(boolean mayRunAction);
    }

    Outcome handle(ConversationEvent event) {
        return handle(event, UpstreamGuard.NONE);
    }

    Outcome handle(ConversationEvent event, UpstreamGuard guard) {
        Turn turn = new Turn(event.origin(), guard);
        Card card;
        if (event instanceof UserText t) {
            card = turn.text(t.text() == null ? "" : t.text().strip(), t.seen());
        } else {
            card = turn.click(((ChoicePicked) event).token());
        }
        TurnResult result = new TurnResult(List.of(card), Optional.ofNullable(turn.chosenLabel),
                turn.clickedExpired ? Optional.of(bridgeCards.texts().get("card.expired")) : Optional.empty());
        return new Outcome(result, turn.latency, turn.error);
    }

    /**
     * Answers an event whose earlier attempt, on an instance that stopped, may have sent its upstream call: never
     * sent again. When that call may have run an action (a v1 answer) the person gets the card of a timeout (outcome
     * unknown, where to check) and the dialogue closes; otherwise (a first message) a card saying processing was
     * interrupted and to send it again.
     */
    Outcome interrupted(ConversationEvent event, boolean mayHaveRun) {
        Turn turn = new Turn(event.origin(), UpstreamGuard.NONE);
        Card card = turn.interrupted(mayHaveRun);
        return new Outcome(TurnResult.of(card), Duration.ZERO, turn.error);
    }

    /**
     * Stamps a text with the card its person saw when it arrived (called by the engine on arrival, before the
     * text waits for its turn), so a typed option number answers that card and never one shown in between.
     */
    ConversationEvent arrived(ConversationEvent event) {
        if (!(event instanceof UserText t) || t.seen() != null) {
            return event;
        }
        try {
            return t.seeing(seen(t.origin().session(), t.text() == null ? "" : t.text().strip()));
        } catch (RuntimeException e) {
            log.warn("Could not look up the newest card of session {} on arrival", t.origin().session(), e);
            return event;
        }
    }

    private SeenCard seen(SessionKey key, String text) {
        return sessions.get(key)
                .map(s -> new SeenCard(s.cardId(), s.optionAnsweredBy(text).map(Option::token).orElse(null)))
                .orElse(SeenCard.NONE);
    }

    /** The mutable state of one turn. */
    private final class Turn {
        private final Origin origin;
        private final SessionKey key;
        private Duration latency = Duration.ZERO;
        private String error;
        private String chosenLabel;
        private boolean clickedExpired;

        private final UpstreamGuard guard;

        Turn(Origin origin, UpstreamGuard guard) {
            this.origin = origin;
            this.key = origin.session();
            this.guard = guard;
        }

        Card interrupted(boolean mayHaveRun) {
            Session session = current();
            error = "interrupted";
            if (!mayHaveRun) {
                return show(session, statusCards.notice("notice.interrupted"));
            }
            ActionException e = new ActionException(ActionException.Kind.TIMEOUT,
                    "the instance that sent the call stopped before its answer");
            return show(session.closed(), statusCards.upstreamError(e, true, false, Payloads.logUrl(session.data()),
                    null));
        }

        Card text(String text, SeenCard seenOnArrival) {
            if (Commands.isReset(text)) {
                sessions.remove(key);
                return bridgeCards.notice("notice.reset");
            }
            if (text.isEmpty() || Commands.isHelp(text)) {
                return bridgeCards.help();
            }
            Optional<String> token = ChoiceCommand.tokenIn(text);
            if (token.isPresent()) {
                return click(token.get());
            }
            SeenCard seen = seenOnArrival != null ? seenOnArrival : seen(key, text);
            if (seen.choiceToken() != null) {
                return click(seen.choiceToken());
            }
            Session session = current();
            if (session.live() && !session.waitsForButton()) {
                return answer(session, text, session.chosen());
            }
            return start(session, text, session.live());
        }

        Card click(String token) {
            Optional<ChoiceTicket> found = tokens.find(token);
            if (found.isEmpty()) {
                return expired();
            }
            ChoiceTicket ticket = found.get();
            if (!ticket.owner().equals(key)) {
                return bridgeCards.notice("notice.not_yours");
            }
            if (ticket.used()) {
                return bridgeCards.notice("notice.used");
            }
            Optional<Session> stored = sessions.get(key);
            Optional<Option> option = stored.filter(s -> ticket.cardId().equals(s.cardId()))
                    .flatMap(s -> s.option(ticket.number()));
            if (option.isEmpty()) {
                return expired();
            }
            if (!tokens.markUsed(token, ticket)) {
                return bridgeCards.notice("notice.used");
            }
            return pick(stored.get().touched(origin.upstreamUserId(), clock.instant()), option.get());
        }

        /** The clicked card is not the session's newest any more (or the session is gone): nothing is sent. */
        private Card expired() {
            clickedExpired = true;
            return bridgeCards.notice("notice.stale");
        }

        private Session current() {
            return sessions.get(key).map(s -> s.touched(origin.upstreamUserId(), clock.instant()))
                    .orElseGet(() -> Session.start(key, origin.upstreamUserId(), clock.instant()));
        }

        private Card pick(Session session, Option option) {
            chosenLabel = option.label();
            String requestText = session.requestText() == null ? "" : session.requestText();
            Choice choice = option.choice();
            if (choice instanceof Choice.PickAction p) {
                return answer(session, requestText, p.action());
            } else if (choice instanceof Choice.PickAccount a) {
                return answer(session, requestText, session.chosen().withAccount(a.accountId(), a.accountName()));
            } else if (choice instanceof Choice.ContinueAfterAuth) {
                return answer(session, requestText, session.chosen());
            } else if (choice instanceof Choice.Confirm) {
                return answer(session, Commands.CONFIRM_WORD, session.chosen());
            } else if (choice instanceof Choice.Cancel) {
                return show(session.closed(), statusCards.notice("notice.cancelled"));
            } else if (choice instanceof Choice.Restart) {
                sessions.remove(key);
                return bridgeCards.notice("notice.reset");
            } else {
                Choice.Retry r = (Choice.Retry) choice;
                return r.request() == null ? start(session, r.content(), false) : send(session, r.request());
            }
        }

        private Card answer(Session session, String content, ActionData data) {
            return send(session, new ActionRequest(session.chatId(), session.status(), session.step(),
                    session.upstreamUserId(), content, data));
        }

        private Card send(Session session, ActionRequest request) {
            ActionResult result;
            long started = System.nanoTime();
            guard.calling(true);
            try {
                result = client.answer(profile(), request);
            } catch (ActionException e) {
                return failed(session, e, request, null);
            } finally {
                latency = latency.plusNanos(System.nanoTime() - started);
            }
            ActionData chosen = Payloads.chosenAfter(result.data(), request.data() == null
                    ? ActionData.EMPTY : request.data());
            Draft draft = statusCards.render(result, chosen);
            if (unchanged(session, result)) {
                draft = statusCards.repeated(draft);
            }
            return showResult(session, result, chosen, session.requestText(), draft);
        }

        /** The platform answered with the status, step and data it had already sent: the answer changed nothing. */
        private boolean unchanged(Session session, ActionResult result) {
            return !Session.terminal(result.status()) && Objects.equals(result.status(), session.status())
                    && Objects.equals(result.step(), session.step())
                    && Objects.equals(Session.kept(result.status(), result.data()), session.data());
        }

        /**
         * Starts a new upstream dialogue with the words; {@code replacing} when a dialogue was open, so the new
         * card says that the previous one no longer counts.
         */
        private Card start(Session session, String content, boolean replacing) {
            ActionResult result;
            long started = System.nanoTime();
            guard.calling(false);
            try {
                result = client.startDialogue(profile(), session.upstreamUserId(), content);
            } catch (ActionException e) {
                return failed(session, e, null, content);
            } finally {
                latency = latency.plusNanos(System.nanoTime() - started);
            }
            ActionData chosen = Payloads.chosenAfter(result.data(), ActionData.EMPTY);
            Draft draft = statusCards.render(result, chosen);
            if (replacing) {
                draft = draft.noted(bridgeCards.texts().get("status.new_request"));
            }
            return showResult(session, result, chosen, content, draft);
        }

        private Card showResult(Session session, ActionResult result, ActionData chosen, String requestText,
                                Draft draft) {
            String chatId = result.chatId() != null ? result.chatId() : session.chatId();
            Session next = session.withDialogue(chatId, result.status(), result.step(), result.data(), chosen,
                    requestText);
            return show(next, draft);
        }

        private Card failed(Session session, ActionException e, ActionRequest request, String content) {
            boolean unknownOutcome = request != null && e.mayHaveRun();
            boolean refused = e.finalRefusal();
            error = e.kind() + ": " + e.getMessage();
            log.warn("Upstream call for session {} failed ({}{}): {}", key, e.kind(),
                    unknownOutcome ? ", the action may have run" : refused ? ", final" : "", e.getMessage());
            String logUrl = Payloads.logUrl(session.data());
            Choice.Retry retry = unknownOutcome || refused ? null : new Choice.Retry(content, request);
            Session next = unknownOutcome || refused ? session.closed() : session;
            return show(next, statusCards.upstreamError(e, unknownOutcome, refused, logUrl, retry));
        }

        private UpstreamProfile profile() {
            return profiles.forBot(key.botId());
        }

        /**
         * Shows a card: gives it a new identity and its options fresh tokens, which makes every older card of the
         * session stale, also one shown before a reset or an expiry.
         */
        private Card show(Session session, Draft draft) {
            String cardId = ChoiceTokens.next();
            List<Option> options = new ArrayList<>();
            List<Button> buttons = new ArrayList<>();
            int number = 0;
            for (Draft.Item item : draft.buttons()) {
                if (item instanceof Draft.Pick pick) {
                    number++;
                    String token = ChoiceTokens.next();
                    tokens.put(token, new ChoiceTicket(key, cardId, number, false));
                    options.add(new Option(number, pick.label(), token, pick.choice()));
                    buttons.add(new ChoiceButton(pick.label(), token, number, pick.emphasis()));
                } else if (item instanceof Draft.Link link) {
                    buttons.add(new LinkButton(link.label(), link.url()));
                }
            }
            sessions.put(session.withCard(cardId, options));
            return new Card(draft.status(), draft.title(), draft.markdown(), draft.fields(), buttons);
        }
    }
}
