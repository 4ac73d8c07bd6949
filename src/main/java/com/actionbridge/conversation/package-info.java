/**
 * The platform-neutral conversation engine: sessions, the state machine that answers the upstream's last
 * status, choice tokens, commands (reset, help), per-person ordering. Channels hand it
 * {@link com.actionbridge.conversation.ConversationEvent}s and get neutral cards back; it never sees a
 * platform's payloads or SDK types.
 */
package com.actionbridge.conversation;
