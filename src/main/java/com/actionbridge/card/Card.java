package com.actionbridge.card;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private static final Pattern NUMBERED = Pattern.compile("(?m)^\\s*(\\d{1,9})\\.\\s");

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

    /**
     * The choices the text does not list by number, for a renderer to list them: the engine often numbers the
     * options in the text already. On a page of a longer card whose text lists some, none: the others follow on
     * the next pages.
     */
    public List<ChoiceButton> unlistedChoices() {
        Set<Integer> listed = NUMBERED.matcher(markdown).results().map(m -> Integer.valueOf(m.group(1)))
                .collect(Collectors.toSet());
        if (more().isPresent() && !listed.isEmpty()) {
            return List.of();
        }
        return choices().stream().filter(c -> !listed.contains(c.number())).toList();
    }

    public Optional<ChoiceButton> choice(int number) {
        return choices().stream().filter(c -> c.number() == number).findFirst();
    }
}
