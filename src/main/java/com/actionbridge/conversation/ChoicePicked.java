package com.actionbridge.conversation;

/** A person clicked a choice button; {@code token} is what the button carried. */
public record ChoicePicked(Origin origin, String token) implements ConversationEvent {
}
