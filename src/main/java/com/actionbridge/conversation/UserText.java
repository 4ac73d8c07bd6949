package com.actionbridge.conversation;

/**
 * A person wrote text (mentions of the bot already stripped by the channel).
 *
 * @param seen the card the person saw when the text arrived, stamped by the engine on arrival; null before
 */
public record UserText(Origin origin, String text, SeenCard seen) implements ConversationEvent {

    public UserText(Origin origin, String text) {
        this(origin, text, null);
    }

    UserText seeing(SeenCard card) {
        return new UserText(origin, text, card);
    }
}
