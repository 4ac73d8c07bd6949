package com.actionbridge.store.redis;

import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.SessionLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * {@link SessionLock} across instances with Spring Integration's {@link RedisLockRegistry}: a turn holds its
 * session's lock while it runs, so two events of one person that reached two instances reach the upstream one after
 * the other. The lock's lease is renewed while the turn runs and lapses by itself when an instance dies.
 */
public final class RedisSessionLock implements SessionLock {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionLock.class);

    private final RedisLockRegistry registry;
    private final Duration wait;

    public RedisSessionLock(RedisLockRegistry registry, Duration wait) {
        this.registry = registry;
        this.wait = wait;
    }

    @Override
    public <T> T call(SessionKey key, Supplier<T> work) {
        Lock lock = registry.obtain(key.toString());
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("session " + key + " stayed locked for " + wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock of session " + key, e);
        }
        try {
            return work.get();
        } finally {
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                // The lease lapses by itself; the turn's outcome stands.
                log.warn("Could not release the lock of session {}: {}", key, e.toString());
            }
        }
    }
}
