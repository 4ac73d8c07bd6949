/**
 * The platform-neutral conversation engine: sessions, the state machine that answers the upstream's last
 * status, choice tokens, commands (reset, help), per-person ordering. Channels hand it
 * {@link com.actionbridge.conversation.ConversationEvent}s through
 * {@link com.actionbridge.conversation.Conversations} and get neutral cards back; it never sees a platform's
 * payloads or SDK types.
 * <p>
 * {@link com.actionbridge.conversation.ConversationEngine} runs each session's events in its own lane on a bounded
 * pool; {@code TurnHandler} is the state machine; {@code StatusCards} renders upstream answers and failures;
 * sessions and choice tokens live behind {@link com.actionbridge.conversation.SessionStore} and
 * {@link com.actionbridge.conversation.ChoiceTokenStore} (Caffeine now, a shared store later).
 * <p>
 * The rules a person can rely on:
 * <ul>
 * <li><b>A button means its own card.</b> Every card shown gets a random identity (never reused, also not after
 *     重新开始, {@code /reset}, an admin reset or an expired session) and its buttons' tokens name it. A button of
 *     any card but the session's newest gets the "no longer valid" notice ({@code notice.stale}), nothing is
 *     sent upstream, and {@link com.actionbridge.conversation.TurnResult#expiredLabel()} tells the channel to
 *     grey the clicked card out where the platform allows. An unknown token is treated the same way.</li>
 * <li><b>A typed answer means the card the person saw.</b> On arrival, before the text waits for its turn, the
 *     engine stamps it with the newest card and the option the text answers on it
 *     ({@link com.actionbridge.conversation.SeenCard}): an option number, a button's label, or a confirmation
 *     word such as 确认 on a preview. The turn then handles it exactly like a click on that button, so a second
 *     {@code 1} typed before the next card arrived gets "already chosen" ({@code notice.used}) instead of
 *     picking option 1 of a card the person never saw.</li>
 * <li><b>Never stuck.</b> While a card waits for a button ({@code action_found}, {@code auth_account_select},
 *     {@code action_preview}, {@code auth_required}), words that are not an answer start a new request, and
 *     the new card says so ({@code status.new_request}). In other open states (a missing field, an unknown
 *     status) the words answer the platform. When the platform answers with the same status, step and data as
 *     before, the card says what is still missing ({@code status.repeated.*}) and offers 重新开始.</li>
 * <li><b>A final refusal is final.</b> {@code Code} 4000 (a business refusal) closes the dialogue: the card
 *     shows the platform's reason and 重新开始, never 重试. Other failures where nothing can have run keep the
 *     dialogue and offer 重试; a confirming call that may have run is never repeated.</li>
 * </ul>
 */
package com.actionbridge.conversation;
