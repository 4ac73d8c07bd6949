package com.actionbridge.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code actionbridge.health.*}: the upstream reachability probe of the bots' health components.
 *
 * @param upstreamProbeTimeout how long a TCP connect to the upstream may take before it counts as unreachable
 * @param upstreamProbeTtl     how long a probe's answer is reused, so health checks do not hammer the upstream
 */
@ConfigurationProperties("actionbridge.health")
public record HealthProbeProperties(@DefaultValue("1s") Duration upstreamProbeTimeout,
                                    @DefaultValue("10s") Duration upstreamProbeTtl) {
}
