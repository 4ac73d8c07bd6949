package com.actionbridge.admin;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.stream.Stream;

/**
 * The {@code bots} health component: one child per configured bot, read from the registry on every call so a
 * reload shows at once. The readiness and liveness groups leave it out: one bad bot must not take the
 * application (and every other bot) out of service.
 */
public class BotsHealthContributor implements CompositeHealthContributor {

    private final BotStates states;

    public BotsHealthContributor(BotStates states) {
        this.states = states;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return states.knows(name) ? indicator(name) : null;
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        // Each bot's state is worked out when its indicator is asked, not to list the members of a health group.
        return states.botIds().stream().map(id -> new HealthContributors.Entry(id, indicator(id)));
    }

    private HealthIndicator indicator(String botId) {
        return () -> states.find(botId).map(state -> {
            Status status = switch (state.state()) {
                case UP -> Status.UP;
                case DOWN -> Status.DOWN;
                case UNKNOWN -> Status.UNKNOWN;
            };
            return Health.status(status).withDetails(state.details()).build();
        }).orElseGet(() -> Health.unknown().withDetail("bot", "no longer configured").build());
    }
}
