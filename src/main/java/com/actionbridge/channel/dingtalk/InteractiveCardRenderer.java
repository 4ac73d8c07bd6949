package com.actionbridge.channel.dingtalk;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the variables of the admin's interactive-card template. Every value is a string (DingTalk's rule);
 * lists are JSON strings. The variables (documented in the README):
 * <ul>
 * <li>{@code status}: the card's status ({@code action_found}, {@code action_done}, {@code notice}, …)</li>
 * <li>{@code title}: the heading</li>
 * <li>{@code markdown}: the body (markdown)</li>
 * <li>{@code fields}: JSON {@code [{"label":…,"value":…}]}</li>
 * <li>{@code buttons}: JSON {@code [{"id":"b1","label":…,"token":…}]} for choices,
 *     {@code [{"id":"b2","label":…,"url":…}]} for links; a choice button's click must send the parameter
 *     {@code token} with the button's token</li>
 * <li>{@code hasButtons}: {@code "true"} when there are buttons</li>
 * <li>{@code chosen}: the label of the option picked on this card, empty until then</li>
 * <li>{@code disabled}: {@code "true"} once an option was picked, or once a click found the card no longer
 *     valid (buttons greyed out; the reason is then put above {@code markdown})</li>
 * </ul>
 */
public class InteractiveCardRenderer {

    public Map<String, String> render(Card card) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("status", card.status() == null ? "" : card.status());
        params.put("title", card.title() == null ? "" : card.title());
        params.put("markdown", card.markdown());
        List<Map<String, String>> fields = new ArrayList<>();
        for (Field f : card.fields()) {
            fields.add(Map.of("label", f.label(), "value", f.value() == null ? "" : f.value()));
        }
        params.put("fields", DingTalkPayloads.JSON.writeValueAsString(fields));
        List<Map<String, String>> buttons = new ArrayList<>();
        int i = 0;
        for (Button b : card.buttons()) {
            i++;
            Map<String, String> button = new LinkedHashMap<>();
            button.put("id", "b" + i);
            button.put("label", b.label());
            if (b instanceof ChoiceButton c) {
                button.put("token", c.token());
            } else {
                button.put("url", ((LinkButton) b).url());
            }
            buttons.add(button);
        }
        params.put("buttons", DingTalkPayloads.JSON.writeValueAsString(buttons));
        params.put("hasButtons", String.valueOf(!buttons.isEmpty()));
        params.put("chosen", "");
        params.put("disabled", "false");
        return params;
    }

    /** The variables of a card whose option was picked: choice shown, buttons disabled. */
    public Map<String, String> chosen(Map<String, String> sent, String label) {
        Map<String, String> params = new LinkedHashMap<>(sent);
        params.put("chosen", label);
        params.put("disabled", "true");
        return params;
    }

    /** The variables of a card that is no longer valid: buttons disabled, the reason above its text. */
    public Map<String, String> expired(Map<String, String> sent, String note) {
        Map<String, String> params = new LinkedHashMap<>(sent);
        params.put("markdown", "> " + note + "\n\n" + sent.getOrDefault("markdown", ""));
        params.put("disabled", "true");
        return params;
    }
}
