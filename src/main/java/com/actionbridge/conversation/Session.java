package com.actionbridge.conversation;

import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionStatus;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * @param cardNumber     the number of the newest card with options (0 before the first)
 * @param options        the live options of that card
 * @param lastActive     when the session last handled an event
 */
public record Session(SessionKey key, String upstreamUserId, String chatId, String status, String step,
                      JsonNode data, ActionData chosen, String requestText, long cardNumber, List<Option> options,
                      Instant lastActive) {

    private static final Set<String> TERMINAL = Set.of(ActionStatus.ACTION_DONE.wire(),
            ActionStatus.ACTION_ERROR.wire(), ActionStatus.ACTION_NOT_FOUND.wire());
    private static final Set<String> EXPECTS_CHOICE = Set.of(ActionStatus.ACTION_FOUND.wire(),
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
        return new Session(key, upstreamUserId, null, null, null, null, ActionData.EMPTY, null, 0, List.of(), now);
    }

    /**
     * What a session keeps of a status's payload. Of a list to choose from (action_found, auth_account_select),
     * whose choices live in {@code options}, only its {@code log_url} and a digest of the whole, so that a repeated
     * answer is still recognised by comparing {@code kept(status, data)} with the session's {@code data}; any other
     * payload whole. Idempotent.
     */
    public static JsonNode kept(String status, JsonNode data) {
        return status != null && EXPECTS_CHOICE.contains(status) ? Payloads.digested(data) : data;
    }

    public static boolean terminal(String status) {
        return TERMINAL.contains(status);
    }

    /** True while an upstream dialogue is open: the next words answer its last status over v1. */
    public boolean live() {
        return chatId != null && status != null && !terminal(status);
    }

    /** True when the last status asks the person to pick from a list, so other words start a new request. */
    public boolean expectsChoice() {
        return EXPECTS_CHOICE.contains(status);
    }

    public Optional<Option> option(int number) {
        return options.stream().filter(o -> o.number() == number).findFirst();
    }

    public Session withDialogue(String newChatId, String newStatus, String newStep, JsonNode newData,
                                ActionData newChosen, String newRequestText) {
        return new Session(key, upstreamUserId, newChatId, newStatus, newStep, newData, newChosen, newRequestText,
                cardNumber, options, lastActive);
    }

    /** Forgets the upstream dialogue; the next words start a new one. */
    public Session closed() {
        return new Session(key, upstreamUserId, null, null, null, null, ActionData.EMPTY, null, cardNumber,
                List.of(), lastActive);
    }

    public Session withCard(long newCardNumber, List<Option> newOptions) {
        return new Session(key, upstreamUserId, chatId, status, step, data, chosen, requestText, newCardNumber,
                newOptions, lastActive);
    }

    public Session touched(String newUpstreamUserId, Instant now) {
        return new Session(key, newUpstreamUserId, chatId, status, step, data, chosen, requestText, cardNumber,
                options, now);
    }

    public SessionSummary summary() {
        return new SessionSummary(key, upstreamUserId, chatId, status, step, lastActive);
    }
}
