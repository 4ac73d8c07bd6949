package com.actionbridge.store.redis;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code actionbridge.redis.*}: how ActionBridge uses Redis with {@code actionbridge.store: redis} (the connection
 * itself is Spring Boot's {@code spring.data.redis.*}).
 *
 * @param keyPrefix  the start of every key and channel name, so several deployments can share one Redis
 * @param lockLease  how long a session's lock outlives an instance that died holding it (renewed while a turn runs)
 * @param lockWait   how long an event waits for its session's lock (a turn of the same person on another instance)
 */
@Validated
@ConfigurationProperties("actionbridge.redis")
public record RedisStoreProperties(@DefaultValue("actionbridge:") @NotBlank String keyPrefix,
                                   @DefaultValue("30s") @NotNull Duration lockLease,
                                   @DefaultValue("3m") @NotNull Duration lockWait) {
}
