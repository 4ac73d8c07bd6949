package com.actionbridge.store.redis;

import com.actionbridge.admin.BotsReloader;
import com.actionbridge.admin.ReloadBroadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A bots reload reaches every instance: the instance that reloaded publishes on {@code <prefix>reload}, and every
 * other instance, subscribed to it, reloads its bots from its own configuration files (the same files on every
 * instance, or the same mounted ConfigMap).
 */
public final class RedisReloadBroadcast implements ReloadBroadcast, MessageListener {

    private static final Logger log = LoggerFactory.getLogger(RedisReloadBroadcast.class);

    private final StringRedisTemplate redis;
    private final String channel;
    private final ObjectProvider<BotsReloader> reloader;
    /** Tells this instance's own message from the others'. */
    private final String sender = UUID.randomUUID().toString();

    public RedisReloadBroadcast(StringRedisTemplate redis, String channel, ObjectProvider<BotsReloader> reloader) {
        this.redis = redis;
        this.channel = channel;
        this.reloader = reloader;
    }

    String channel() {
        return channel;
    }

    @Override
    public void reloaded() {
        redis.convertAndSend(channel, sender);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        if (sender.equals(new String(message.getBody(), StandardCharsets.UTF_8))) {
            return;
        }
        BotsReloader here = reloader.getIfAvailable();
        if (here != null) {
            BotsReloader.Outcome outcome = here.reloadLocally();
            log.info("Bots reloaded because another instance did: applied={} errors={}", outcome.applied(),
                    outcome.errors());
        }
    }
}
