package com.actionbridge.conversation;

import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionStatus;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The state of one person's dialogue in one conversation with one bot. Immutable: the engine stores a new
 * value after each turn, so a store may keep it anywhere (memory, Redis).
 *
 * @param key            whose session
 * @param upstreamUserId the person's upstream id
 * @param chatId         the upstream dialogue id to echo, or null when no dialogue is open
 * @param status         the last upstream status, or null
 * @param step           the last upstream step, or null
 * @param data           the last {@code Data.data} as received, or null; of a list to choose from only what
 *                       {@link #kept} keeps
 * @param chosen         the action (and account) chosen so far; never null
 * @param requestText    the words that started the dialogue, or null
 * @param cardId         the identity of the newest card with options, or null before the first: random, so a
 *                       card shown before a reset or an expiry never matches a card shown after
 * @param options        the live options of that card
 * @param lastActive     when the session last handled an event
 */
public record Session(SessionKey key, String upstreamUserId, String chatId, String status, String step,
                      JsonNode data, ActionData chosen, String requestText, String cardId, List<Option> options,
                      Instant lastActive) {

    private static final Set<String> TERMINAL = Set.of(ActionStatus.ACTION_DONE.wire(),
            ActionStatus.ACTION_ERROR.wire(), ActionStatus.ACTION_NOT_FOUND.wire());
    private static final Set<String> WAITS_FOR_BUTTON = Set.of(ActionStatus.ACTION_FOUND.wire(),
            ActionStatus.AUTH_ACCOUNT_SELECT.wire(), ActionStatus.ACTION_PREVIEW.wire(),
            ActionStatus.AUTH_REQUIRED.wire());
    /** Lists to choose from: their choices live in {@code options}, so only a digest of the payload is kept. */
    private static final Set<String> LISTS = Set.of(ActionStatus.ACTION_FOUND.wire(),
            ActionStatus.AUTH_ACCOUNT_SELECT.wire());

    public Session {
        // Kept for every live session (up to 100,000): the few distinct statuses and steps once, not per session.
        status = status == null ? null : status.intern();
        step = step == null ? null : step.intern();
        data = kept(status, data);
        chosen = chosen == null ? ActionData.EMPTY : chosen;
        options = options == null ? List.of() : List.copyOf(options);
    }

    public static Session start(SessionKey key, String upstreamUserId, Instant now) {
        return new Session(key, upstreamUserId, null, null, null, null, ActionData.EMPTY, null, null, List.of(), now);
    }

    /**
     * What a session keeps of a status's payload. Of a list to choose from (action_found, auth_account_select),
     * whose choices live in {@code options}, only its {@code log_url} and a digest of the whole, so that a repeated
     * answer is still recognised by comparing {@code kept(status, data)} with the session's {@code data}; any other
     * payload whole. Idempotent.
     */
    public static JsonNode kept(String status, JsonNode data) {
        return status != null && LISTS.contains(status) ? Payloads.digested(data) : data;
    }

    public static boolean terminal(String status) {
        return TERMINAL.contains(status);
    }

    /** True while an upstream dialogue is open: the next words answer its last status over v1. */
    public boolean live() {
        return chatId != null && status != null && !terminal(status);
    }

    /**
     * True when the last status waits for a button (pick an action or an account, confirm, "authorised,
     * continue"), so words that do not answer the card start a new request.
     */
    public boolean waitsForButton() {
        return WAITS_FOR_BUTTON.contains(status);
    }

    public Optional<Option> option(int number) {
        return options.stream().filter(o -> o.number() == number).findFirst();
    }

    /**
     * The option of the newest card that the words answer: its number ({@code 1}), its label ({@code 确认执行}),
     * or a confirmation word when the card has a confirm option.
     */
    public Optional<Option> optionAnsweredBy(String text) {
        OptionalInt number = Commands.number(text);
        if (number.isPresent()) {
            return option(number.getAsInt());
        }
        String words = text.strip();
        return options.stream().filter(o -> o.label().equals(words)
                || (o.choice() instanceof Choice.Confirm && Commands.isConfirmation(words))).findFirst();
    }

    public Session withDialogue(String newChatId, String newStatus, String newStep, JsonNode newData,
                                ActionData newChosen, String newRequestText) {
        return new Session(key, upstreamUserId, newChatId, newStatus, newStep, newData, newChosen, newRequestText,
                cardId, options, lastActive);
    }

    /** Forgets the upstream dialogue; the next words start a new one. */
    public Session closed() {
        return new Session(key, upstreamUserId, null, null, null, null, ActionData.EMPTY, null, cardId,
                List.of(), lastActive);
    }

    public Session withCard(String newCardId, List<Option> newOptions) {
        return new Session(key, upstreamUserId, chatId, status, step, data, chosen, requestText, newCardId,
                newOptions, lastActive);
    }

    public Session touched(String newUpstreamUserId, Instant now) {
        return new Session(key, newUpstreamUserId, chatId, status, step, data, chosen, requestText, cardId,
                options, now);
    }

    public SessionSummary summary() {
        return new SessionSummary(key, upstreamUserId, chatId, status, step, lastActive);
    }
}
