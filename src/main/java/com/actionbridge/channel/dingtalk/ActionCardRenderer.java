package com.actionbridge.channel.dingtalk;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.card.MoreButton;
import com.actionbridge.card.PageLimit;
import com.actionbridge.card.TextBudget;
import com.actionbridge.conversation.ChoiceCommand;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a card without an interactive-card template: an action card whose choice buttons are
 * {@code dtmd://dingtalkclient/sendMessage} links (the person's own client sends the choice command to the bot),
 * with the options also numbered in the text so they can be typed; a plain markdown message when the card has
 * no buttons. The robot OpenAPI offers at most {@value #MAX_BUTTONS} buttons, so both forms show at most that
 * many; every option stays reachable by its number. Buttons keep their order except that a primary one (confirm)
 * comes first and a secondary one (cancel) last: action-card buttons have no colours.
 * <p>
 * The text is at most {@value #TEXT_MAX_CHARS} characters (the limit commonly given for robot markdown and
 * action-card text): a longer body is cut with "…" and a note, and when not every option fits the list ends with
 * "…", the number of options and how to pick any of them by typing its number. A card longer than {@link #PAGE}
 * comes in pages (the engine pages it): its "更多" button always gets one of the buttons, and sends
 * {@code "更多 #<token>"}, so it shows the next page of that card only.
 */
public class ActionCardRenderer {

    static final int MAX_BUTTONS = 5;
    static final int TEXT_MAX_CHARS = 5000;
    /**
     * A page of a long card, for both the action card and the interactive card's {@code markdown}: room is left for
     * the heading, links, notes and options that are not numbered in the text.
     */
    public static final PageLimit PAGE = PageLimit.chars(3000);
    /** At most this share of the text goes to the numbered list of options when the whole does not fit. */
    private static final int OPTIONS_SHARE_PERCENT = 60;
    private static final String GAP = "\n\n";

    private final DingTalkTexts texts;

    public ActionCardRenderer(DingTalkTexts texts) {
        this.texts = texts;
    }

    public OutgoingMessage render(Card card, ReplyTarget target) {
        String title = card.title() == null || card.title().isBlank() ? card.status() : card.title();
        List<Button> shown = shownButtons(card.buttons(), MAX_BUTTONS).stream()
                .sorted(Comparator.comparingInt(ActionCardRenderer::rank)).toList();
        String mention = target.group() ? "@" + target.displayName() + GAP : "";
        String body = body(card, target, shown, TEXT_MAX_CHARS - TextBudget.CHARS.applyAsInt(mention));

        Map<String, Object> webhook = new LinkedHashMap<>();
        Map<String, String> param = new LinkedHashMap<>();
        String msgKey;
        if (shown.isEmpty()) {
            // Only markdown can really @ someone; its text must name the person's user id.
            String text = target.group() ? "@" + target.staffId() + "\n\n" + body : body;
            webhook.put("msgtype", "markdown");
            webhook.put("markdown", Map.of("title", title, "text", text));
            if (target.group()) {
                webhook.put("at", Map.of("atUserIds", List.of(target.staffId()), "isAtAll", false));
            }
            msgKey = "sampleMarkdown";
            param.put("title", title);
            param.put("text", target.group() ? "@" + target.displayName() + "\n\n" + body : body);
        } else {
            String text = mention + body;
            List<Map<String, String>> btns = new ArrayList<>();
            for (Button b : shown) {
                btns.add(Map.of("title", b.label(), "actionURL", url(b)));
            }
            webhook.put("msgtype", "actionCard");
            Map<String, Object> actionCard = new LinkedHashMap<>();
            actionCard.put("title", title);
            actionCard.put("text", text);
            actionCard.put("btnOrientation", "0");
            actionCard.put("btns", btns);
            webhook.put("actionCard", actionCard);
            param.put("title", title);
            param.put("text", text);
            if (shown.size() == 1) {
                msgKey = "sampleActionCard";
                param.put("singleTitle", shown.get(0).label());
                param.put("singleURL", url(shown.get(0)));
            } else {
                msgKey = "sampleActionCard" + shown.size();
                for (int i = 0; i < shown.size(); i++) {
                    param.put("actionTitle" + (i + 1), shown.get(i).label());
                    param.put("actionURL" + (i + 1), url(shown.get(i)));
                }
            }
        }
        return new OutgoingMessage(webhook, msgKey, param);
    }

    /** The buttons that get a place, at most {@code max}, in order; "更多" always gets the last place. */
    static List<Button> shownButtons(List<Button> buttons, int max) {
        List<Button> more = buttons.stream().filter(MoreButton.class::isInstance).limit(1).toList();
        List<Button> shown = new ArrayList<>(buttons.stream().filter(b -> !(b instanceof MoreButton))
                .limit(max - more.size()).toList());
        shown.addAll(more);
        return shown;
    }

    /** The text of a choice button's link: makes the person's client send the choice command. */
    static String sendMessageUrl(ChoiceButton button) {
        return sendMessageUrl(ChoiceCommand.textFor(button));
    }

    private static String sendMessageUrl(String message) {
        String content = URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20");
        return "dtmd://dingtalkclient/sendMessage?content=" + content;
    }

    private static String url(Button b) {
        return switch (b) {
            case ChoiceButton c -> sendMessageUrl(c);
            case MoreButton m -> sendMessageUrl(ChoiceCommand.textFor(m));
            case LinkButton l -> l.url();
        };
    }

    /** A primary button (confirm) first, a secondary one (cancel) and "更多" last. */
    private static int rank(Button b) {
        if (b instanceof MoreButton) {
            return 3;
        }
        if (b instanceof ChoiceButton c) {
            return switch (c.emphasis()) {
                case PRIMARY -> 0;
                case NORMAL -> 1;
                case SECONDARY -> 2;
            };
        }
        return 1;
    }

    /**
     * The text: heading, body, fields, the options not numbered in the body, links, the hint; within {@code max}.
     * When too long, the fields and links stay whole, the options get at most a share and the body the rest.
     */
    private String body(Card card, ReplyTarget target, List<Button> shown, int max) {
        StringBuilder head = new StringBuilder();
        if (card.title() != null && !card.title().isBlank()) {
            head.append("### ").append(card.title()).append(GAP);
        }
        if (!card.markdown().isBlank()) {
            head.append(card.markdown().strip()).append(GAP);
        }
        StringBuilder fields = new StringBuilder();
        for (Field f : card.fields()) {
            fields.append("**").append(f.label()).append("**：").append(f.value()).append(GAP);
        }
        List<String> options = card.unlistedChoices().stream().map(c -> c.number() + ". " + c.label()).toList();
        StringBuilder links = new StringBuilder();
        for (LinkButton l : card.links()) {
            if (!shown.contains(l)) {
                links.append("[").append(l.label()).append("](").append(l.url()).append(")").append(GAP);
            }
        }
        boolean choices = !card.choices().isEmpty();
        String hint = choices && (target.group() || !options.isEmpty() || card.more().isPresent())
                ? "> " + (target.group() ? texts.typeNumberInGroup() : texts.typeNumber()) : "";
        String whole = (head.toString() + fields + String.join(GAP, options) + (options.isEmpty() ? "" : GAP) + links + hint).strip();
        if (TextBudget.CHARS.applyAsInt(whole) <= max) {
            return whole;
        }
        // Too long: list what fits of the options, cut the body, and say how to reach the rest.
        String optionsNote = choices ? "> " + texts.optionsCut(card.choices().size(), target.group()) : "";
        int room = max - TextBudget.CHARS.applyAsInt(fields.toString() + links + optionsNote);
        int listed = TextBudget.fitting(options, GAP, room * OPTIONS_SHARE_PERCENT / 100, TextBudget.CHARS);
        String tail = links + (listed < options.size() ? optionsNote : hint);
        String list = options.isEmpty() ? "" : String.join(GAP, options.subList(0, listed))
                + GAP + (listed < options.size() ? TextBudget.ELLIPSIS + GAP : "");
        String textNote = texts.textCut() + GAP;
        int headRoom = room - TextBudget.CHARS.applyAsInt(list);
        String body = TextBudget.CHARS.applyAsInt(head.toString()) <= headRoom ? head.toString()
                : TextBudget.cut(head.toString().strip(), headRoom - TextBudget.CHARS.applyAsInt(GAP + textNote),
                TextBudget.CHARS) + GAP + textNote;
        return TextBudget.cut((body + fields + list + tail).strip(), max, TextBudget.CHARS);
    }
}
