package com.actionbridge.store;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless {@code actionbridge.store} is {@code redis}: with the
 * default memory store there is no Redis connection factory, no Redis health indicator and no connection attempt.
 */
public final class StoreAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean redis = StoreType.of(environment) == StoreType.REDIS;
        boolean[] matches = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            matches[i] = redis || candidates[i] == null || !candidates[i].startsWith(REDIS_AUTO_CONFIGURATION);
        }
        return matches;
    }
}
