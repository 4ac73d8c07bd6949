package com.actionbridge.bot;

import java.util.Optional;

/** Implemented by each channel: the connection state of the bots it runs. */
public interface BotConnectionSource {

    Optional<BotConnection> connection(String botId);
}
