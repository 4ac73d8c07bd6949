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
 */
package com.actionbridge.conversation;
