package com.actionbridge.conversation;

import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.MoreButton;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A choice written as text, for platforms whose buttons can only make the person's client send a message
 * (DingTalk action cards' {@code dtmd://…sendMessage} links): {@code "1. 发送文本消息 #<token>"}. The engine
 * treats a text that ends with a choice token exactly like a click on that button, with every check a click
 * gets (owner, staleness, single use).
 */
public final class ChoiceCommand {

    private static final Pattern TRAILING_TOKEN = Pattern.compile("#([A-Za-z0-9_-]{16})\\s*$");

    private ChoiceCommand() {
    }

    public static String textFor(ChoiceButton button) {
        return button.number() + ". " + button.label() + " #" + button.token();
    }

    /** The "更多" button as a message: {@code "更多 #<token>"}, which shows the next page of that card only. */
    public static String textFor(MoreButton button) {
        return button.label() + " #" + button.token();
    }

    public static Optional<String> tokenIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = TRAILING_TOKEN.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
