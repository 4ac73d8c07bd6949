package com.actionbridge.card;

import java.util.List;
import java.util.Optional;

/**
 * One neutral reply: what every platform renderer turns into its own native card.
 *
 * @param status   the upstream status it answers ({@code action_found}, …) or one of {@link CardStatus}
 * @param title    a short heading
 * @param markdown the body, in the common subset of markdown that DingTalk and WeCom both show
 * @param fields   label/value pairs shown under the body (may be empty)
 * @param buttons  choice, link and "更多" buttons, in display order (may be empty)
 */
public record Card(String status, String title, String markdown, List<Field> fields, List<Button> buttons) {

    public Card {
        fields = fields == null ? List.of() : List.copyOf(fields);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        markdown = markdown == null ? "" : markdown;
    }

    public static Card text(String status, String title, String markdown) {
        return new Card(status, title, markdown, List.of(), List.of());
    }

    public List<ChoiceButton> choices() {
        return buttons.stream().filter(ChoiceButton.class::isInstance).map(ChoiceButton.class::cast).toList();
    }

    public List<LinkButton> links() {
        return buttons.stream().filter(LinkButton.class::isInstance).map(LinkButton.class::cast).toList();
    }

    /** The "更多" button of a card whose text continues on a next page, if any. */
    public Optional<MoreButton> more() {
        return buttons.stream().filter(MoreButton.class::isInstance).map(MoreButton.class::cast).findFirst();
    }

    public Optional<ChoiceButton> choice(int number) {
        return choices().stream().filter(c -> c.number() == number).findFirst();
    }
}
