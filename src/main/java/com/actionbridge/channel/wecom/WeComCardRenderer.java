package com.actionbridge.channel.wecom;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Emphasis;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.card.MoreButton;
import com.actionbridge.card.PageLimit;
import com.actionbridge.card.TextBudget;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns a neutral {@link Card} into WeCom app messages, within WeCom's limits. Pure: no I/O.
 * <ul>
 * <li>A card with choices becomes a {@code button_interaction} template card, one button per choice keyed by
 * its token. WeCom shows at most six buttons: with more choices, the card shows the first five and a second
 * message (markdown) lists every further option by number; typing the number picks it.</li>
 * <li>Labels longer than WeCom's guideline for a button ({@value #BUTTON_TEXT_MAX_CHARS} characters) are listed
 * whole, numbered, in the card's text; their buttons show the number and the part of the label that tells the
 * options apart (what all of them share at the start and at the end is left out, and when the start of that part
 * is still alike the end is kept instead), e.g. "1.张三" and "2.李四" for "AI-action账号（张三）" and
 * "AI-action账号（李四）".</li>
 * <li>Button styles follow the choice's {@link Emphasis}: primary {@value #STYLE_PRIMARY}, normal
 * {@value #STYLE_NORMAL}, secondary {@value #STYLE_SECONDARY} (WeCom's {@code style} 1–4).</li>
 * <li>A body too long for a template card's subtitle goes first, complete, as markdown; the card then only
 * asks to choose.</li>
 * <li>Links become tappable rows on template cards and markdown links elsewhere.</li>
 * <li>A card without choices becomes markdown of at most {@value #MARKDOWN_MAX_BYTES} UTF-8 bytes, cut on a
 * character boundary with "…", keeping its fields and links whole when they fit.</li>
 * <li>A card longer than {@link #PAGE} comes in pages (the engine pages it): on a template card its "更多"
 * button takes one of the six places (keyed by its token: a click shows the next page and leaves the card as it
 * is); markdown has no buttons, so there the page's note says to reply 更多.</li>
 * </ul>
 */
public final class WeComCardRenderer {

    static final int MARKDOWN_MAX_BYTES = 2048;
    /** A page of a long card: room is left in the markdown for the title, links and the page's note. */
    public static final PageLimit PAGE = PageLimit.utf8Bytes(1200);
    static final int MAX_BUTTONS = 6;
    static final int BUTTONS_WITH_OVERFLOW = 5;
    static final int TASK_ID_MAX_BYTES = 128;
    static final int MAX_ROWS = 6;
    static final int TITLE_MAX_CHARS = 26;
    static final int SUBTITLE_MAX_CHARS = 112;
    static final int BUTTON_TEXT_MAX_CHARS = 10;
    static final int ROW_KEY_MAX_CHARS = 5;
    static final int ROW_VALUE_MAX_CHARS = 26;
    static final int STYLE_PRIMARY = 1;
    static final int STYLE_NORMAL = 1;
    static final int STYLE_SECONDARY = 4;
    static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_\\-@]{1,128}");

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
        Optional<MoreButton> more = card.more();
        boolean overflow = choices.size() > MAX_BUTTONS - (more.isPresent() ? 1 : 0);
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
        List<String> labels = labelsCut ? buttonLabels(onCard) : onCard.stream().map(ChoiceButton::label).toList();
        List<WeComMessage.Choice> buttons = new ArrayList<>();
        for (int i = 0; i < onCard.size(); i++) {
            buttons.add(new WeComMessage.Choice(labels.get(i), onCard.get(i).token(), style(onCard.get(i).emphasis())));
        }
        more.ifPresent(m -> buttons.add(new WeComMessage.Choice(cut(m.label(), BUTTON_TEXT_MAX_CHARS), m.token(),
                STYLE_NORMAL)));
        out.add(new WeComMessage.ButtonCard(taskId(botId), cut(orDefault(card.title()), TITLE_MAX_CHARS),
                subtitle, rows, buttons));
        if (overflow) {
            out.add(new WeComMessage.Markdown(moreOptions(choices)));
        }
        return out;
    }

    /**
     * The options that did not get a button, by number, within one markdown message. When they do not all fit,
     * the list ends with "…" and says how many there are and that any number may be typed.
     */
    private String moreOptions(List<ChoiceButton> choices) {
        String head = "**" + texts.get("wecom.more.title") + "**\n" + texts.get("wecom.more.hint") + "\n";
        List<String> lines = choices.subList(BUTTONS_WITH_OVERFLOW, choices.size()).stream()
                .map(c -> c.number() + ". " + c.label()).toList();
        String all = head + String.join("\n", lines);
        if (TextBudget.UTF8.applyAsInt(all) <= MARKDOWN_MAX_BYTES) {
            return all;
        }
        String tail = "\n" + TextBudget.ELLIPSIS + "\n" + texts.get("wecom.more.cut", choices.size());
        int room = MARKDOWN_MAX_BYTES - TextBudget.UTF8.applyAsInt(head + tail);
        int shown = TextBudget.fitting(lines, "\n", room, TextBudget.UTF8);
        return cutBytes(head + String.join("\n", lines.subList(0, shown)) + tail, MARKDOWN_MAX_BYTES);
    }

    /**
     * Button texts of at most {@value #BUTTON_TEXT_MAX_CHARS} characters for options whose labels are too long:
     * the option's number and the part of its label that differs from the others.
     */
    static List<String> buttonLabels(List<ChoiceButton> choices) {
        List<String> labels = choices.stream().map(ChoiceButton::label).toList();
        int prefix = labels.size() < 2 ? 0 : commonPrefix(labels);
        int suffix = labels.size() < 2 ? 0 : commonSuffix(labels, prefix);
        List<String> shown = new ArrayList<>();
        List<String> ends = new ArrayList<>();
        for (ChoiceButton c : choices) {
            String number = c.number() + ".";
            int room = BUTTON_TEXT_MAX_CHARS - length(number);
            int[] cps = c.label().codePoints().toArray();
            int differs = Math.min(prefix, cps.length);
            int differsEnd = Math.max(differs, cps.length - suffix);
            String label;
            if (cps.length <= room) {
                label = c.label();
            } else if (differs <= room - 2) {
                label = cut(c.label(), room);
            } else if (cps.length - differs <= room - 1) {
                label = TextBudget.ELLIPSIS + text(cps, cps.length - (room - 1), cps.length);
            } else if (differsEnd - differs <= room - 1) {
                label = TextBudget.ELLIPSIS + text(cps, differsEnd - (room - 1), differsEnd);
            } else {
                label = (differs > 0 ? TextBudget.ELLIPSIS : "")
                        + cut(text(cps, differs, cps.length), differs > 0 ? room - 1 : room);
            }
            shown.add(number + label);
            ends.add(number + (cps.length <= room ? c.label()
                    : TextBudget.ELLIPSIS + text(cps, cps.length - (room - 1), cps.length)));
        }
        return distinct(shown) ? shown : ends;
    }

    private static String text(int[] codePoints, int from, int to) {
        return new String(codePoints, from, to - from);
    }

    private static boolean distinct(List<String> numbered) {
        Set<String> seen = new HashSet<>();
        return numbered.stream().map(s -> s.substring(s.indexOf('.') + 1)).allMatch(seen::add);
    }

    private static int commonPrefix(List<String> labels) {
        int[] first = labels.get(0).codePoints().toArray();
        int n = first.length;
        for (String label : labels) {
            int[] cps = label.codePoints().toArray();
            int i = 0;
            while (i < Math.min(n, cps.length) && cps[i] == first[i]) {
                i++;
            }
            n = i;
        }
        return n;
    }

    private static int commonSuffix(List<String> labels, int prefix) {
        int[] first = labels.get(0).codePoints().toArray();
        int n = first.length - prefix;
        for (String label : labels) {
            int[] cps = label.codePoints().toArray();
            int i = 0;
            while (i < Math.min(n, cps.length - prefix) && cps[cps.length - 1 - i] == first[first.length - 1 - i]) {
                i++;
            }
            n = i;
        }
        return n;
    }

    static int style(Emphasis emphasis) {
        return switch (emphasis) {
            case PRIMARY -> STYLE_PRIMARY;
            case NORMAL -> STYLE_NORMAL;
            case SECONDARY -> STYLE_SECONDARY;
        };
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
        return TextBudget.cut(text, maxBytes, TextBudget.UTF8);
    }

    /** At most {@code maxChars} characters (code points); when cut, the last one is "…". */
    static String cut(String text, int maxChars) {
        return TextBudget.cut(text, maxChars, TextBudget.CHARS);
    }

    /** Markdown as plain text, for template cards: links keep their label, emphasis marks go. */
    static String plain(String markdown) {
        String text = MD_LINK.matcher(markdown).replaceAll("$1");
        return MD_MARKS.matcher(text).replaceAll("");
    }

    private static int length(String s) {
        return TextBudget.CHARS.applyAsInt(s);
    }

    private static int bytes(String s) {
        return TextBudget.UTF8.applyAsInt(s);
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
