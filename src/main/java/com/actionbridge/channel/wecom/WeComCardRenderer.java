package com.actionbridge.channel.wecom;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns a neutral {@link Card} into WeCom app messages, within WeCom's limits. Pure: no I/O.
 * <ul>
 * <li>A card with choices becomes a {@code button_interaction} template card, one button per choice keyed by
 * its token. WeCom shows at most six buttons: with more choices, the card shows the first five and a second
 * message (markdown) lists every further option by number; typing the number picks it.</li>
 * <li>Labels longer than a button shows are numbered on the buttons ("1. AI-act…") and listed whole in the
 * card's text, so options that differ only at their end stay distinguishable.</li>
 * <li>A body too long for a template card's subtitle goes first, complete, as markdown; the card then only
 * asks to choose.</li>
 * <li>Links become tappable rows on template cards and markdown links elsewhere.</li>
 * <li>A card without choices becomes markdown of at most {@value #MARKDOWN_MAX_BYTES} UTF-8 bytes, cut on a
 * character boundary with "…", keeping its fields and links whole when they fit.</li>
 * </ul>
 */
public final class WeComCardRenderer {

    static final int MARKDOWN_MAX_BYTES = 2048;
    static final int MAX_BUTTONS = 6;
    static final int BUTTONS_WITH_OVERFLOW = 5;
    static final int TASK_ID_MAX_BYTES = 128;
    static final int MAX_ROWS = 6;
    static final int TITLE_MAX_CHARS = 26;
    static final int SUBTITLE_MAX_CHARS = 112;
    static final int BUTTON_TEXT_MAX_CHARS = 10;
    static final int ROW_KEY_MAX_CHARS = 5;
    static final int ROW_VALUE_MAX_CHARS = 26;
    static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_\\-@]{1,128}");

    private static final String ELLIPSIS = "…";
    private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]*)]\\(([^)]*)\\)");
    private static final Pattern MD_MARKS = Pattern.compile("(?m)^\\s{0,3}(#{1,6}\\s+|>\\s?)|\\*\\*|__|`");

    private final WeComTexts texts;
    private final Supplier<String> taskIdSuffix;

    public WeComCardRenderer(WeComTexts texts) {
        this(texts, randomSuffix());
    }

    WeComCardRenderer(WeComTexts texts, Supplier<String> taskIdSuffix) {
        this.texts = texts;
        this.taskIdSuffix = taskIdSuffix;
    }

    public List<WeComMessage> render(String botId, Card card) {
        return card.choices().isEmpty() ? List.of(markdown(card)) : buttonCard(botId, card);
    }

    /** A task id: {@code ab-<bot>-<random>}, only allowed characters, at most 128 bytes. */
    String taskId(String botId) {
        String bot = botId == null ? "" : botId.replaceAll("[^A-Za-z0-9_\\-@]", "");
        if (bot.length() > 64) {
            bot = bot.substring(0, 64);
        }
        String suffix = taskIdSuffix.get().replaceAll("[^A-Za-z0-9_\\-@]", "");
        String id = "ab-" + bot + "-" + suffix;
        return id.length() > TASK_ID_MAX_BYTES ? id.substring(0, TASK_ID_MAX_BYTES) : id;
    }

    private List<WeComMessage> buttonCard(String botId, Card card) {
        List<ChoiceButton> choices = card.choices();
        boolean overflow = choices.size() > MAX_BUTTONS;
        List<ChoiceButton> onCard = overflow ? choices.subList(0, BUTTONS_WITH_OVERFLOW) : choices;

        // Labels longer than a button can show are numbered on the button and listed whole in the text.
        boolean labelsCut = onCard.stream().anyMatch(c -> length(c.label()) > BUTTON_TEXT_MAX_CHARS);
        StringBuilder optionList = new StringBuilder();
        if (labelsCut) {
            for (ChoiceButton c : onCard) {
                optionList.append('\n').append(c.number()).append(". ").append(c.label());
            }
        }
        List<WeComMessage.Row> linkRows = new ArrayList<>();
        for (LinkButton link : card.links()) {
            if (linkRows.size() < MAX_ROWS) {
                linkRows.add(new WeComMessage.Row(cut(texts.get("wecom.link"), ROW_KEY_MAX_CHARS),
                        cut(link.label(), ROW_VALUE_MAX_CHARS), link.url()));
            }
        }
        List<WeComMessage.Row> rows = new ArrayList<>(linkRows);
        StringBuilder body = new StringBuilder(plain(card.markdown()).strip());
        for (Field field : card.fields()) {
            boolean fits = rows.size() < MAX_ROWS && length(field.label()) <= ROW_KEY_MAX_CHARS
                    && length(field.value()) <= ROW_VALUE_MAX_CHARS;
            if (fits) {
                rows.add(new WeComMessage.Row(field.label(), field.value(), null));
            } else {
                body.append(body.isEmpty() ? "" : "\n").append(field.label()).append("：").append(field.value());
            }
        }
        body.append(optionList);
        List<WeComMessage> out = new ArrayList<>();
        String pointer = overflow ? "\n" + texts.get("wecom.more.pointer", choices.size()) : "";
        String subtitle = body.toString().strip();
        if (length(subtitle + pointer) > SUBTITLE_MAX_CHARS) {
            String full = (card.markdown().strip() + "\n" + optionList).strip();
            out.add(markdown(new Card(card.status(), card.title(), full, card.fields(),
                    List.<Button>copyOf(card.links()))));
            subtitle = texts.get("wecom.choose");
            rows = linkRows;
        }
        subtitle = cut((subtitle + pointer).strip(), SUBTITLE_MAX_CHARS);
        List<WeComMessage.Choice> buttons = onCard.stream()
                .map(c -> new WeComMessage.Choice(cut(labelsCut ? c.number() + ". " + c.label() : c.label(),
                        BUTTON_TEXT_MAX_CHARS), c.token())).toList();
        out.add(new WeComMessage.ButtonCard(taskId(botId), cut(orDefault(card.title()), TITLE_MAX_CHARS),
                subtitle, rows, buttons));
        if (overflow) {
            StringBuilder more = new StringBuilder("**").append(texts.get("wecom.more.title")).append("**\n")
                    .append(texts.get("wecom.more.hint")).append('\n');
            for (ChoiceButton c : choices.subList(BUTTONS_WITH_OVERFLOW, choices.size())) {
                more.append(c.number()).append(". ").append(c.label()).append('\n');
            }
            out.add(new WeComMessage.Markdown(cutBytes(more.toString().stripTrailing(), MARKDOWN_MAX_BYTES)));
        }
        return out;
    }

    private WeComMessage.Markdown markdown(Card card) {
        StringBuilder head = new StringBuilder();
        if (card.title() != null && !card.title().isBlank()) {
            head.append("**").append(card.title().strip()).append("**");
        }
        if (!card.markdown().isBlank()) {
            head.append(head.isEmpty() ? "" : "\n").append(card.markdown().strip());
        }
        StringBuilder tail = new StringBuilder();
        for (Field field : card.fields()) {
            tail.append('\n').append("> ").append(field.label()).append("：").append(field.value());
        }
        for (LinkButton link : card.links()) {
            tail.append('\n').append('[').append(link.label()).append("](").append(link.url()).append(')');
        }
        int tailBytes = bytes(tail.toString());
        int headBytes = bytes(head.toString());
        if (headBytes + tailBytes <= MARKDOWN_MAX_BYTES) {
            return new WeComMessage.Markdown(head.toString() + tail);
        }
        int room = MARKDOWN_MAX_BYTES - tailBytes;
        if (room >= MARKDOWN_MAX_BYTES / 4) {
            return new WeComMessage.Markdown(cutBytes(head.toString(), room) + tail);
        }
        return new WeComMessage.Markdown(cutBytes(head.toString() + tail, MARKDOWN_MAX_BYTES));
    }

    /** At most {@code maxBytes} of UTF-8; when cut, ends with "…" and never splits a character. */
    static String cutBytes(String text, int maxBytes) {
        if (bytes(text) <= maxBytes) {
            return text;
        }
        int budget = maxBytes - bytes(ELLIPSIS);
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = bytes(new String(Character.toChars(cp)));
            if (used + size > budget) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** At most {@code maxChars} characters (code points); when cut, the last one is "…". */
    static String cut(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        if (length(text) <= maxChars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxChars - 1)) + ELLIPSIS;
    }

    /** Markdown as plain text, for template cards: links keep their label, emphasis marks go. */
    static String plain(String markdown) {
        String text = MD_LINK.matcher(markdown).replaceAll("$1");
        return MD_MARKS.matcher(text).replaceAll("");
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String orDefault(String title) {
        return title == null || title.isBlank() ? "ActionBridge" : title.strip();
    }

    private static Supplier<String> randomSuffix() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return () -> {
            StringBuilder sb = new StringBuilder(Long.toString(System.currentTimeMillis(), 36)).append('-');
            for (int i = 0; i < 12; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return sb.toString();
        };
    }
}
