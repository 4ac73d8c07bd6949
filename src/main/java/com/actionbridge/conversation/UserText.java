package com.actionbridge.conversation;

/** A person wrote text (mentions of the bot already stripped by the channel). */
public record UserText(Origin origin, String text) implements ConversationEvent {
}
