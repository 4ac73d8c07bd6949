package com.actionbridge.channel.dingtalk;

import com.actionbridge.card.Button;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.conversation.ChoiceCommand;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a card without an interactive-card template: an action card whose choice buttons are
 * {@code dtmd://dingtalkclient/sendMessage} links (the person's own client sends the choice command to the bot),
 * with the options also numbered in the text so they can be typed; a plain markdown message when the card has
 * no buttons. The robot OpenAPI offers at most {@value #MAX_BUTTONS} buttons, so both forms show at most that
 * many; every option stays reachable by its number.
 */
public class ActionCardRenderer {

    static final int MAX_BUTTONS = 5;

    private final DingTalkTexts texts;

    public ActionCardRenderer(DingTalkTexts texts) {
        this.texts = texts;
    }

    public OutgoingMessage render(Card card, ReplyTarget target) {
        String title = card.title() == null || card.title().isBlank() ? card.status() : card.title();
        List<Button> shown = card.buttons().stream().limit(MAX_BUTTONS).toList();
        String body = body(card, target, shown);

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
            String text = target.group() ? "@" + target.displayName() + "\n\n" + body : body;
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

    /** The text of a choice button's link: makes the person's client send the choice command. */
    static String sendMessageUrl(ChoiceButton button) {
        String content = URLEncoder.encode(ChoiceCommand.textFor(button), StandardCharsets.UTF_8).replace("+", "%20");
        return "dtmd://dingtalkclient/sendMessage?content=" + content;
    }

    private static String url(Button b) {
        return b instanceof ChoiceButton c ? sendMessageUrl(c) : ((LinkButton) b).url();
    }

    private String body(Card card, ReplyTarget target, List<Button> shown) {
        StringBuilder sb = new StringBuilder();
        if (card.title() != null && !card.title().isBlank()) {
            sb.append("### ").append(card.title()).append("\n\n");
        }
        if (!card.markdown().isBlank()) {
            sb.append(card.markdown().strip()).append("\n\n");
        }
        for (Field f : card.fields()) {
            sb.append("**").append(f.label()).append("**：").append(f.value()).append("\n\n");
        }
        // The engine often numbers the options in the body already; only the missing ones are listed here.
        List<ChoiceButton> unlisted = card.choices().stream()
                .filter(c -> !Pattern.compile("(?m)^\\s*" + c.number() + "\\.\\s").matcher(card.markdown()).find())
                .toList();
        for (ChoiceButton c : unlisted) {
            sb.append(c.number()).append(". ").append(c.label()).append("\n\n");
        }
        for (LinkButton l : card.links()) {
            if (!shown.contains(l)) {
                sb.append("[").append(l.label()).append("](").append(l.url()).append(")\n\n");
            }
        }
        if (!card.choices().isEmpty() && (target.group() || !unlisted.isEmpty())) {
            sb.append("> ").append(target.group() ? texts.typeNumberInGroup() : texts.typeNumber()).append("\n\n");
        }
        return sb.toString().strip();
    }
}
