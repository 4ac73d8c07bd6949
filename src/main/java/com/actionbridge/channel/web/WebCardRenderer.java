package com.actionbridge.channel.web;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.card.MoreButton;
import com.actionbridge.card.PageLimit;
import com.actionbridge.card.TextBudget;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A card as the web chat page receives it: {@code status}, {@code title}, {@code text} (markdown), {@code fields},
 * {@code buttons} (a choice has {@code choice}, {@code number} and {@code emphasis}: primary, normal or secondary;
 * a link has {@code url}). The page has no platform limit, but a browser should not get a 776 KB answer: the text
 * is at most {@value #TEXT_MAX_CHARS} characters, at most {@value #MAX_FIELDS} fields and
 * {@value #MAX_CHOICES} choice buttons are sent. What was left out is counted in {@code omitted}
 * ({@code textChars}, {@code fields}, {@code choices}, {@code totalChoices}) so the page can say so and how to reach
 * the rest (every option can still be picked by typing its number). A longer card comes in pages of at most
 * {@link #PAGE} characters: the engine pages it, and the "更多" button is a choice-like button with {@code more}
 * set (clicking it sends its {@code choice} token and shows the next page; the card stays as it is).
 */
final class WebCardRenderer {

    static final int TEXT_MAX_CHARS = 20_000;
    static final int FIELD_MAX_CHARS = 1_000;
    static final int MAX_FIELDS = 30;
    static final int MAX_CHOICES = 30;
    /** A page of a long card: room is left for the title, fields, buttons and the page's note. */
    static final PageLimit PAGE = PageLimit.chars(15_000);

    private WebCardRenderer() {
    }

    static ObjectNode render(JsonMapper json, Card card) {
        ObjectNode node = json.createObjectNode();
        node.put("status", card.status());
        node.put("title", TextBudget.cut(card.title(), FIELD_MAX_CHARS, TextBudget.CHARS));
        String text = TextBudget.cut(card.markdown(), TEXT_MAX_CHARS, TextBudget.CHARS);
        node.put("text", text);
        ArrayNode fields = node.putArray("fields");
        for (Field field : card.fields().subList(0, Math.min(MAX_FIELDS, card.fields().size()))) {
            fields.addObject().put("label", TextBudget.cut(field.label(), FIELD_MAX_CHARS, TextBudget.CHARS))
                    .put("value", TextBudget.cut(field.value(), FIELD_MAX_CHARS, TextBudget.CHARS));
        }
        ArrayNode buttons = node.putArray("buttons");
        int choices = 0;
        for (Button button : card.buttons()) {
            if (button instanceof ChoiceButton choice) {
                if (++choices > MAX_CHOICES) {
                    continue;
                }
                buttons.addObject().put("label", TextBudget.cut(choice.label(), FIELD_MAX_CHARS, TextBudget.CHARS))
                        .put("choice", choice.token()).put("number", choice.number())
                        .put("emphasis", choice.emphasis().name().toLowerCase());
            } else if (button instanceof MoreButton more) {
                buttons.addObject().put("label", TextBudget.cut(more.label(), FIELD_MAX_CHARS, TextBudget.CHARS))
                        .put("choice", more.token()).put("more", true).put("emphasis", "normal");
            } else if (button instanceof LinkButton link) {
                buttons.addObject().put("label", TextBudget.cut(link.label(), FIELD_MAX_CHARS, TextBudget.CHARS))
                        .put("url", link.url());
            }
        }
        int textLeftOut = TextBudget.CHARS.applyAsInt(card.markdown()) - TextBudget.CHARS.applyAsInt(text) + 1;
        int fieldsLeftOut = card.fields().size() - fields.size();
        int choicesLeftOut = Math.max(0, choices - MAX_CHOICES);
        if (text.length() < card.markdown().length() || fieldsLeftOut > 0 || choicesLeftOut > 0) {
            ObjectNode omitted = node.putObject("omitted");
            omitted.put("textChars", text.length() < card.markdown().length() ? textLeftOut : 0);
            omitted.put("fields", fieldsLeftOut);
            omitted.put("choices", choicesLeftOut);
            omitted.put("totalChoices", choices);
        }
        return node;
    }
}
