package com.actionbridge.conversation;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words the engine understands itself, in every locale. */
final class Commands {

    private static final Set<String> RESET = Set.of("重新开始", "/reset", "reset", "重置");
    private static final Set<String> HELP = Set.of("帮助", "/help", "help", "?", "？");
    /** Shows the next page of the newest card's text; the English word only when the bot speaks English. */
    private static final Set<String> MORE = Set.of("更多", "查看更多", "/more");
    private static final String MORE_EN = "more";
    private static final Set<String> CONFIRMATIONS = Set.of("确认", "确定", "confirm", "yes", "ok");
    private static final Pattern NUMBER = Pattern.compile("^\\s*([0-9]{1,3})\\s*[.。、]?\\s*$");

    /** What a v1 request says when the person confirms a preview (the platform's language, not the UI's). */
    static final String CONFIRM_WORD = "确认";

    private Commands() {
    }

    static boolean isReset(String text) {
        return RESET.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    static boolean isHelp(String text) {
        return HELP.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    static boolean isMore(String text, Locale locale) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        return MORE.contains(word) || (MORE_EN.equals(word) && "en".equals(locale.getLanguage()));
    }

    /** Words that confirm a preview when the card shows a confirm button. */
    static boolean isConfirmation(String text) {
        return CONFIRMATIONS.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    static OptionalInt number(String text) {
        Matcher m = NUMBER.matcher(text);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
