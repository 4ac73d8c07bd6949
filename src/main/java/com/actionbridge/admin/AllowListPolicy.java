package com.actionbridge.admin;

import com.actionbridge.bot.BotRegistry;
import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.conversation.AdmissionPolicy;
import com.actionbridge.conversation.ConversationEvent;

import java.util.Optional;

/**
 * A bot's {@code allowed-users}: when the list is not empty, only the people on it may use the bot, matched on
 * their full upstream user id ({@code wecom:corp:alice}; a bare {@code alice} stands for a person of the bot's own
 * platform only, see {@link com.actionbridge.bot.BotConfig#admits}). Looked up per event, so a
 * reload of the bots list applies at once.
 */
public class AllowListPolicy implements AdmissionPolicy {

    private final BotRegistry bots;
    private final AdminTexts texts;
    private final AdmissionRecorder recorder;

    public AllowListPolicy(BotRegistry bots, AdminTexts texts, AdmissionRecorder recorder) {
        this.bots = bots;
        this.texts = texts;
        this.recorder = recorder;
    }

    @Override
    public Optional<Card> refuse(ConversationEvent event) {
        String botId = event.origin().session().botId();
        boolean refused = bots.find(botId).filter(bot -> !bot.admits(event.origin().upstreamUserId())).isPresent();
        if (!refused) {
            return Optional.empty();
        }
        recorder.refused(botId, "not_allowed");
        return Optional.of(Card.text(CardStatus.NOTICE, texts.get("admin.not-allowed.title"),
                texts.get("admin.not-allowed.text")));
    }
}
