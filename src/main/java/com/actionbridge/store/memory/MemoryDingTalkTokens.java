package com.actionbridge.store.memory;

import com.actionbridge.channel.dingtalk.DingTalkTokens;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link DingTalkTokens} in this JVM's memory: one token per bot. */
public final class MemoryDingTalkTokens implements DingTalkTokens {

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<Token> get(String botId) {
        return Optional.ofNullable(tokens.get(botId));
    }

    @Override
    public void put(String botId, Token token) {
        tokens.put(botId, token);
    }

    @Override
    public void remove(String botId) {
        tokens.remove(botId);
    }
}
