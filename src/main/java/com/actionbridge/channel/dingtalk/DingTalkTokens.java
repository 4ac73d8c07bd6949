package com.actionbridge.channel.dingtalk;

import java.time.Instant;
import java.util.Optional;

/**
 * Where DingTalk access tokens are kept between calls: this instance's memory, or Redis so that every instance uses
 * one token per bot instead of each fetching its own.
 */
public interface DingTalkTokens {

    /**
     * A bot's access token.
     *
     * @param clientId  the app key it was issued for (a re-keyed bot needs a new one)
     * @param value     the token
     * @param expiresAt when DingTalk stops accepting it
     */
    record Token(String clientId, String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[clientId=" + clientId + ", expiresAt=" + expiresAt + "]";
        }
    }

    Optional<Token> get(String botId);

    void put(String botId, Token token);

    void remove(String botId);
}
