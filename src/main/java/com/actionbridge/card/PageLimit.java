package com.actionbridge.card;

import java.util.function.ToIntFunction;

/**
 * How much card text one message of a channel carries, measured the way the platform measures it. The engine
 * pages a longer text by it (the card shows the first page, "更多" the next); the channel's renderer leaves room
 * for the card's title, buttons and notes around a page, so a page is never cut again.
 *
 * @param max  the most a page may hold
 * @param unit what {@code max} counts
 */
public record PageLimit(int max, Unit unit) {

    /** What a page's size is counted in. */
    public enum Unit {
        /** Characters (code points): DingTalk, web chat. */
        CHARS,
        /** UTF-8 bytes: WeCom. */
        UTF8_BYTES
    }

    /** The smallest page of any channel (WeCom markdown), for an origin that names none. */
    public static final PageLimit DEFAULT = new PageLimit(1200, Unit.UTF8_BYTES);

    public PageLimit {
        if (max < 100) {
            throw new IllegalArgumentException("A page must hold at least 100 units, not " + max);
        }
        unit = unit == null ? Unit.CHARS : unit;
    }

    public static PageLimit chars(int max) {
        return new PageLimit(max, Unit.CHARS);
    }

    public static PageLimit utf8Bytes(int max) {
        return new PageLimit(max, Unit.UTF8_BYTES);
    }

    public ToIntFunction<String> size() {
        return unit == Unit.CHARS ? TextBudget.CHARS : TextBudget.UTF8;
    }

    public boolean fits(String text) {
        return size().applyAsInt(text) <= max;
    }

    /**
     * Where the page that starts at {@code from} ends: the most of the text that fits, ended at a line break when
     * one falls in the page's last quarter, else after the last whole character that fits. Always past {@code from}
     * while text remains, so paging ends.
     */
    public int pageEnd(String text, int from) {
        int used = 0;
        int end = from;
        int lineBreak = -1;
        int usedAtLineBreak = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int step = unit == Unit.CHARS ? 1 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + step > max) {
                break;
            }
            used += step;
            end += Character.charCount(cp);
            if (cp == '\n') {
                lineBreak = end;
                usedAtLineBreak = used;
            }
        }
        if (end == text.length()) {
            return end;
        }
        return lineBreak > from && usedAtLineBreak >= max * 3 / 4 ? lineBreak : end;
    }
}
