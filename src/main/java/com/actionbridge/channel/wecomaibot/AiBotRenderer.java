package com.actionbridge.channel.wecomaibot;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.TextBudget;
import com.actionbridge.channel.wecom.WeComCardRenderer;
import com.actionbridge.channel.wecom.WeComMessage;
import com.actionbridge.channel.wecom.WeComTexts;
import com.actionbridge.conversation.TurnResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an engine result into what an AI bot can show. The AI bot's {@code button_interaction} template card and
 * markdown are those of the self-built app, so the app's {@link WeComCardRenderer} does the per-card work
 * (button and text limits, numbered labels, overflow); this class arranges its output for the three places an AI
 * bot answer can go:
 * <ul>
 * <li>a stream: one markdown snapshot (≤ {@value #STREAM_MAX_BYTES} bytes) plus at most one template card
 * ({@code stream_with_template_card}, once per message) — the last card with choices; an earlier one is listed
 * as numbered options, which a person may type;</li>
 * <li>a click's {@code update_template_card}: the card, replaced whole, under the clicked card's task id;</li>
 * <li>a {@code response_url} post (one per URL): markdown, or a template card in single chats only.</li>
 * </ul>
 */
final class AiBotRenderer {

    static final int STREAM_MAX_BYTES = 20480;

    /** The rendered result: markdown (may be empty) and an optional card with the choices it carries. */
    record Rendered(String markdown, WeComMessage.ButtonCard card) {
    }

    private final WeComCardRenderer cards;
    private final WeComTexts texts;

    AiBotRenderer(WeComCardRenderer cards, WeComTexts texts) {
        this.cards = cards;
        this.texts = texts;
    }

    /** For a stream or a card update: markdown and, when the result asks to choose, the last such card. */
    Rendered withCard(String botId, TurnResult result) {
        int last = -1;
        for (int i = 0; i < result.cards().size(); i++) {
            if (!result.cards().get(i).choices().isEmpty()) {
                last = i;
            }
        }
        List<String> parts = new ArrayList<>();
        WeComMessage.ButtonCard card = null;
        for (int i = 0; i < result.cards().size(); i++) {
            Card c = result.cards().get(i);
            if (i != last) {
                parts.add(markdownWithOptions(c));
                continue;
            }
            for (WeComMessage message : cards.render(botId, c)) {
                if (message instanceof WeComMessage.ButtonCard button) {
                    card = button;
                } else if (message instanceof WeComMessage.Markdown md) {
                    parts.add(md.content());
                }
            }
        }
        return new Rendered(join(parts), card);
    }

    /** Everything as markdown, choices as numbered options to type. */
    String markdownOnly(TurnResult result) {
        return join(result.cards().stream().map(this::markdownWithOptions).toList());
    }

    /** The stream text shown above a card when the result has no text of its own. */
    static String titleOf(WeComMessage.ButtonCard card) {
        return "**" + card.title() + "**";
    }

    /**
     * The clicked card once the choice is made: title and rows kept, the text says what was chosen, and the buttons
     * are replaced by one short button that picks nothing ({@code doneKey}). WeCom cannot grey out a button of an
     * AI bot card, only replace the whole card.
     */
    WeComMessage.ButtonCard chosen(WeComMessage.ButtonCard clicked, String label, String doneKey) {
        return new WeComMessage.ButtonCard(clicked.taskId(), clicked.title(), texts.get("wecom.chosen", label),
                clicked.rows(),
                List.of(new WeComMessage.Choice(texts.get("wecom.aibot.done.button"), doneKey)));
    }

    /** The AI bot's JSON for a {@code button_interaction} template card. */
    static Map<String, Object> templateCard(WeComMessage.ButtonCard card) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("card_type", "button_interaction");
        json.put("main_title", Map.of("title", card.title()));
        if (!card.subtitle().isEmpty()) {
            json.put("sub_title_text", card.subtitle());
        }
        if (!card.rows().isEmpty()) {
            json.put("horizontal_content_list", card.rows().stream().map(row -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("keyname", row.key());
                r.put("value", row.value());
                if (row.url() != null) {
                    r.put("type", 1);
                    r.put("url", row.url());
                }
                return r;
            }).toList());
        }
        json.put("button_list", card.buttons().stream()
                .map(b -> Map.<String, Object>of("text", b.text(), "style", 1, "key", b.key())).toList());
        json.put("task_id", card.taskId());
        return json;
    }

    private String markdownWithOptions(Card card) {
        List<ChoiceButton> choices = card.choices();
        List<Button> links = List.copyOf(card.links());
        Card withoutChoices = new Card(card.status(), card.title(), card.markdown(), card.fields(), links);
        StringBuilder md = new StringBuilder();
        for (WeComMessage message : cards.render("", withoutChoices)) {
            if (message instanceof WeComMessage.Markdown m) {
                md.append(m.content());
            }
        }
        if (!choices.isEmpty()) {
            md.append("\n\n").append(texts.get("wecom.more.hint"));
            // As many options as fit; any number may be typed.
            List<String> lines = choices.stream().map(c -> c.number() + ". " + c.label()).toList();
            String cut = "\n" + TextBudget.ELLIPSIS + "\n" + texts.get("wecom.more.cut", choices.size());
            int room = STREAM_MAX_BYTES - TextBudget.UTF8.applyAsInt(md + cut);
            int listed = TextBudget.fitting(lines, "\n", room, TextBudget.UTF8);
            lines.subList(0, listed).forEach(line -> md.append('\n').append(line));
            if (listed < lines.size()) {
                md.append(cut);
            }
        }
        return md.toString();
    }

    /** Joins parts with blank lines, keeping whole parts while they fit WeCom's limit for a stream or markdown. */
    private static String join(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            String next = out.isEmpty() ? part.strip() : out + "\n\n" + part.strip();
            if (next.getBytes(StandardCharsets.UTF_8).length > STREAM_MAX_BYTES) {
                break;
            }
            out.setLength(0);
            out.append(next);
        }
        return out.toString();
    }
}
