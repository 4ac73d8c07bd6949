package com.actionbridge.channel.dingtalk;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.card.MoreButton;
import com.actionbridge.card.TextBudget;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the variables of the admin's interactive-card template. Every value is a string (DingTalk's rule);
 * lists are JSON strings. The variables (documented in docs/dingtalk.md):
 * <ul>
 * <li>{@code status}: the card's status ({@code action_found}, {@code action_done}, {@code notice}, …)</li>
 * <li>{@code title}: the heading</li>
 * <li>{@code markdown}: the body (markdown)</li>
 * <li>{@code fields}: JSON {@code [{"label":…,"value":…}]}</li>
 * <li>{@code buttons}: JSON {@code [{"id":"b1","label":…,"token":…}]} for choices,
 *     {@code [{"id":"b2","label":…,"url":…}]} for links; a choice button's click must send the parameter
 *     {@code token} with the button's token. Every button also has {@code "emphasis"}: {@code primary} (confirm:
 *     show it blue), {@code normal} or {@code secondary} (cancel: show it grey). At most
 *     {@value #MAX_BUTTONS} buttons; further options are reached by typing their number. A card longer than
 *     {@link ActionCardRenderer#PAGE} shows its first page and a "更多" button (a token button like a choice:
 *     its click shows the next page and leaves the card as it is).</li>
 * <li>{@code btns}: the same buttons in the card platform's own format for a 按钮组 whose buttons come from a
 *     variable (type 按钮组): {@code [{"text":…,"color":"blue"|"gray","status":"normal"|"disabled",
 *     "event":{"type":"sendCardRequest","params":{"actionId":"choice","params":{"token":…}}}}]}, a link with
 *     {@code {"type":"openLink","params":{"url":…}}}. A template binds either {@code buttons} (in a loop) or
 *     {@code btns}.</li>
 * <li>{@code hasButtons}: {@code "true"} when there are buttons</li>
 * <li>{@code chosen}: the label of the option picked on this card, empty until then</li>
 * <li>{@code disabled}: {@code "true"} once an option was picked, or once a click found the card no longer
 *     valid (buttons greyed out; the reason is then put above {@code markdown})</li>
 * </ul>
 */
public class InteractiveCardRenderer {

    /** The markdown variable's limit, the same as an action card's text. */
    static final int MARKDOWN_MAX_CHARS = ActionCardRenderer.TEXT_MAX_CHARS;
    static final int MAX_BUTTONS = 20;
    /** The action id of every token button in {@code btns}; the click's {@code token} parameter says which. */
    static final String CHOICE_ACTION = "choice";

    private final DingTalkTexts texts;

    public InteractiveCardRenderer() {
        this(DingTalkTexts.chinese());
    }

    public InteractiveCardRenderer(DingTalkTexts texts) {
        this.texts = texts;
    }

    public Map<String, String> render(Card card) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("status", card.status() == null ? "" : card.status());
        params.put("title", card.title() == null ? "" : card.title());
        params.put("markdown", markdown(card));
        List<Map<String, String>> fields = new ArrayList<>();
        for (Field f : card.fields()) {
            fields.add(Map.of("label", f.label(), "value", f.value() == null ? "" : f.value()));
        }
        params.put("fields", DingTalkPayloads.JSON.writeValueAsString(fields));
        List<Map<String, String>> buttons = new ArrayList<>();
        List<Map<String, Object>> platformButtons = new ArrayList<>();
        int i = 0;
        for (Button b : ActionCardRenderer.shownButtons(card.buttons(), MAX_BUTTONS)) {
            i++;
            Map<String, String> button = new LinkedHashMap<>();
            button.put("id", "b" + i);
            button.put("label", b.label());
            switch (b) {
                case ChoiceButton c -> {
                    button.put("token", c.token());
                    button.put("emphasis", c.emphasis().name().toLowerCase());
                }
                case MoreButton m -> {
                    button.put("token", m.token());
                    button.put("emphasis", "normal");
                }
                case LinkButton l -> {
                    button.put("url", l.url());
                    button.put("emphasis", "normal");
                }
            }
            buttons.add(button);
            platformButtons.add(nativeButton(b, button.get("emphasis")));
        }
        params.put("buttons", DingTalkPayloads.JSON.writeValueAsString(buttons));
        params.put("btns", DingTalkPayloads.JSON.writeValueAsString(platformButtons));
        params.put("hasButtons", String.valueOf(!buttons.isEmpty()));
        params.put("chosen", "");
        params.put("disabled", "false");
        return params;
    }

    /** A button as the card platform's dynamic 按钮组 takes it: primary blue, others gray; a click sends its token. */
    private static Map<String, Object> nativeButton(Button b, String emphasis) {
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("text", b.label());
        button.put("color", "primary".equals(emphasis) ? "blue" : "gray");
        button.put("status", "normal");
        button.put("event", switch (b) {
            case LinkButton l -> Map.of("type", "openLink", "params", Map.of("url", l.url()));
            case ChoiceButton c -> request(c.token());
            case MoreButton m -> request(m.token());
        });
        return button;
    }

    private static Map<String, Object> request(String token) {
        return Map.of("type", "sendCardRequest", "params", Map.of("actionId", CHOICE_ACTION, "params",
                Map.of("token", token)));
    }

    /** {@code btns} with every button greyed out and unclickable (status {@code disabled}). */
    private static String disabledButtons(String btns) {
        if (btns == null || btns.isBlank()) {
            return "[]";
        }
        List<Map<String, Object>> buttons = new ArrayList<>();
        for (JsonNode node : DingTalkPayloads.JSON.readTree(btns)) {
            Map<String, Object> button = DingTalkPayloads.JSON.convertValue(node, new TypeReference<>() { });
            button.put("status", "disabled");
            button.put("color", "gray");
            buttons.add(button);
        }
        return DingTalkPayloads.JSON.writeValueAsString(buttons);
    }

    /** The body within {@value #MARKDOWN_MAX_CHARS} characters; says so when it or the buttons were cut. */
    private String markdown(Card card) {
        String note = "";
        if (ActionCardRenderer.shownButtons(card.buttons(), MAX_BUTTONS).size() < card.buttons().size()) {
            note = "\n\n> " + texts.optionsCut(card.choices().size(), false);
        }
        String whole = card.markdown() + note;
        if (TextBudget.CHARS.applyAsInt(whole) <= MARKDOWN_MAX_CHARS) {
            return whole;
        }
        String cutNote = "\n\n" + texts.textCut() + (card.choices().isEmpty() ? ""
                : "\n\n> " + texts.optionsCut(card.choices().size(), false));
        return TextBudget.cut(card.markdown(), MARKDOWN_MAX_CHARS - TextBudget.CHARS.applyAsInt(cutNote),
                TextBudget.CHARS) + cutNote;
    }

    /** The variables of a card whose option was picked: choice shown, buttons disabled. */
    public Map<String, String> chosen(Map<String, String> sent, String label) {
        Map<String, String> params = new LinkedHashMap<>(sent);
        params.put("chosen", label);
        params.put("disabled", "true");
        params.put("btns", disabledButtons(sent.get("btns")));
        return params;
    }

    /** The variables of a card that is no longer valid: buttons disabled, the reason above its text. */
    public Map<String, String> expired(Map<String, String> sent, String note) {
        Map<String, String> params = new LinkedHashMap<>(sent);
        params.put("markdown", "> " + note + "\n\n" + sent.getOrDefault("markdown", ""));
        params.put("disabled", "true");
        params.put("btns", disabledButtons(sent.get("btns")));
        return params;
    }
}
