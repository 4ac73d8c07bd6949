package com.actionbridge.card;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Fitting card text into a platform's size limit, measured the way the platform measures it (characters or UTF-8
 * bytes). A cut never splits a character and always ends with {@value #ELLIPSIS}, so a person sees that something
 * is missing. Renderers use it; the limits themselves belong to each platform's renderer.
 */
public final class TextBudget {

    public static final String ELLIPSIS = "…";

    /** Size in characters (code points): what DingTalk and most pages count. */
    public static final ToIntFunction<String> CHARS = s -> s.codePointCount(0, s.length());

    /** Size in UTF-8 bytes: what WeCom counts. */
    public static final ToIntFunction<String> UTF8 = s -> s.getBytes(StandardCharsets.UTF_8).length;

    private TextBudget() {
    }

    /** {@code text} whole when it fits in {@code max}; else its longest start that fits with "…" appended. */
    public static String cut(String text, int max, ToIntFunction<String> size) {
        if (text == null) {
            return "";
        }
        if (size.applyAsInt(text) <= max) {
            return text;
        }
        int budget = max - size.applyAsInt(ELLIPSIS);
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int next = end + Character.charCount(cp);
            int step = size.applyAsInt(text.substring(end, next));
            if (used + step > budget) {
                break;
            }
            used += step;
            end = next;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /**
     * How many of {@code items}, from the first, fit in {@code max} when each is followed by {@code separator}.
     */
    public static int fitting(List<String> items, String separator, int max, ToIntFunction<String> size) {
        int used = 0;
        int count = 0;
        int separatorSize = size.applyAsInt(separator);
        for (String item : items) {
            int step = size.applyAsInt(item) + separatorSize;
            if (used + step > max) {
                break;
            }
            used += step;
            count++;
        }
        return count;
    }
}
