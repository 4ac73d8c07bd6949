package com.actionbridge.channel.wecom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code actionbridge.wecom.http.*}: the HTTP connection pool WxJava sends through, shared by every WeCom bot
 * (they all call the same API host). Every wait has a bound.
 *
 * @param maxConnections most connections open to the WeCom API at once; keep it at least
 *                       {@code actionbridge.engine.max-sending}, or sends queue for a connection
 * @param connectTimeout how long opening a connection may take
 * @param readTimeout    how long to wait for WeCom's answer once a request was sent (socket timeout)
 * @param poolTimeout    how long a send may wait for a free connection of the pool
 */
@Validated
@ConfigurationProperties("actionbridge.wecom.http")
public record WeComHttpProperties(@DefaultValue("256") @Min(1) int maxConnections,
                                  @DefaultValue("5s") @NotNull Duration connectTimeout,
                                  @DefaultValue("15s") @NotNull Duration readTimeout,
                                  @DefaultValue("10s") @NotNull Duration poolTimeout) {

    public static WeComHttpProperties defaults() {
        return new WeComHttpProperties(256, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10));
    }
}
