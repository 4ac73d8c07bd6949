package com.actionbridge.admin;

import com.actionbridge.bot.BotRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health exported as metrics ({@link HealthMetrics}) for alert rules and dashboards. */
@Configuration(proxyBeanMethods = false)
class HealthMetricsConfiguration {

    @Bean
    HealthMetrics healthMetrics(BotStates states, BotRegistry bots,
                                ObjectProvider<HealthContributorRegistry> contributors,
                                ObjectProvider<HealthEndpoint> endpoint) {
        return new HealthMetrics(states, bots, contributors, endpoint);
    }
}
