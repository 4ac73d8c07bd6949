package com.actionbridge.conversation;

/** Something a person did that the engine answers: wrote text, or clicked a button. */
public sealed interface ConversationEvent permits UserText, ChoicePicked {
    Origin origin();
}
