package com.actionbridge.conversation;

import com.actionbridge.card.Emphasis;
import com.actionbridge.card.Field;

import java.util.List;

/**
 * A card before its options get tokens and numbers: the engine turns it into a {@link com.actionbridge.card.Card}
 * when it shows it, and remembers the options in the session.
 */
record Draft(String status, String title, String markdown, List<Field> fields, List<Item> buttons) {

    Draft {
        fields = List.copyOf(fields);
        buttons = List.copyOf(buttons);
    }

    /** The same card with a note above its text. */
    Draft noted(String note) {
        return new Draft(status, title, "> " + note + "\n\n" + markdown, fields, buttons);
    }

    sealed interface Item {
        String label();
    }

    record Link(String label, String url) implements Item {
    }

    record Pick(String label, Choice choice, Emphasis emphasis) implements Item {
        Pick(String label, Choice choice) {
            this(label, choice, Emphasis.NORMAL);
        }
    }
}
