package com.actionbridge.store;

import com.actionbridge.store.memory.MemoryStoreAutoConfiguration;
import com.actionbridge.store.redis.RedisStoreAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** What every store choice has: the instance's name ({@code actionbridge.instance-id}). */
@AutoConfiguration(before = {RedisStoreAutoConfiguration.class, MemoryStoreAutoConfiguration.class})
public class StoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InstanceId instanceId(@Value("${actionbridge.instance-id:}") String configured, Environment environment) {
        return new InstanceId(configured, environment);
    }
}
