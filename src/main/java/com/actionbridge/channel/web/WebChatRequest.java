package com.actionbridge.channel.web;

import com.actionbridge.conversation.Origin;
import com.actionbridge.conversation.SessionKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A parsed and checked {@code POST /api/v1/chat} body: exactly one of {@code text} and {@code choice}.
 *
 * @param userId the portal's or page's id of the person
 * @param botId  the bot to talk as (null for the built-in web bot)
 * @param text   what the person wrote, or null
 * @param choice the token of a clicked button, or null
 */
record WebChatRequest(String userId, String botId, String text, String choice) {

    static final int MAX_USER_ID = 128;
    static final int MAX_TEXT = 4000;
    static final int MAX_CHOICE = 64;

    /** A body that cannot be served; the message goes back in the 400 body. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * Who is speaking, as which bot: web people are always {@code web:<user_id>}, in the session and toward the
     * upstream, so a web user can never pass for a platform user of the same id.
     */
    Origin origin(String defaultBotId) {
        String person = "web:" + userId;
        return new Origin(new SessionKey(botId == null ? defaultBotId : botId, person, person), person,
                WebCardRenderer.PAGE);
    }

    static WebChatRequest parse(JsonMapper json, byte[] body) throws Invalid {
        if (body == null || body.length == 0) {
            throw new Invalid("the body must be a JSON object with user_id and text or choice");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new Invalid("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("the body must be a JSON object with user_id and text or choice");
        }
        String userId = string(root, "user_id");
        if (userId == null || userId.isBlank()) {
            throw new Invalid("user_id is required");
        }
        if (userId.length() > MAX_USER_ID) {
            throw new Invalid("user_id is longer than " + MAX_USER_ID + " characters");
        }
        String botId = string(root, "bot_id");
        String text = string(root, "text");
        String choice = string(root, "choice");
        if ((text == null) == (choice == null)) {
            throw new Invalid("give exactly one of text and choice");
        }
        if (text != null && text.isBlank()) {
            throw new Invalid("text must not be empty");
        }
        if (text != null && text.length() > MAX_TEXT) {
            throw new Invalid("text is longer than " + MAX_TEXT + " characters");
        }
        if (choice != null && (choice.isBlank() || choice.length() > MAX_CHOICE)) {
            throw new Invalid("choice must be the token of a button");
        }
        return new WebChatRequest(userId.strip(), botId == null || botId.isBlank() ? null : botId.strip(), text,
                choice == null ? null : choice.strip());
    }

    private static String string(JsonNode root, String field) throws Invalid {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new Invalid(field + " must be a string");
        }
        return node.stringValue();
    }
}
