package com.actionbridge.channel.dingtalk;

import java.util.Optional;

/**
 * The interactive cards sent, so that a click (which may reach another instance) finds its card, and the newest
 * card with options per person, which a typed option number answers. Entries expire after the card retention.
 */
public interface SentCards {

    void put(SentCard card);

    Optional<SentCard> find(String outTrackId);

    void forget(String outTrackId);

    /** Remembers {@code outTrackId} as the newest card with options of {@code person} (bot, conversation, staff). */
    void putLatest(String person, String outTrackId);

    Optional<String> latest(String person);
}
