package com.actionbridge.admin;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.BotsListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import java.util.List;
import java.util.Locale;

/**
 * Health as metrics, for alerts and dashboards, read at scrape time:
 * <ul>
 *   <li>{@code actionbridge.bot.up} by bot and platform: 1 when the bot's health is UP, 0 when DOWN; no value while
 *   no channel reports the bot. The rows follow a reload of the bots list.</li>
 *   <li>{@code actionbridge.health.up} by component: each top-level health component ({@code bots},
 *   {@code diskSpace}, {@code ping}, {@code redis} when the Redis store is used, …): 1 when UP, 0 when DOWN or
 *   OUT_OF_SERVICE, no value when UNKNOWN.</li>
 * </ul>
 */
public class HealthMetrics implements MeterBinder, BotsListener {

    private final BotStates states;
    private final BotRegistry bots;
    private final ObjectProvider<HealthContributorRegistry> contributors;
    private final ObjectProvider<HealthEndpoint> endpoint;
    private volatile MultiGauge botGauge;

    public HealthMetrics(BotStates states, BotRegistry bots, ObjectProvider<HealthContributorRegistry> contributors,
                         ObjectProvider<HealthEndpoint> endpoint) {
        this.states = states;
        this.bots = bots;
        this.contributors = contributors;
        this.endpoint = endpoint;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        HealthContributorRegistry components = contributors.getIfAvailable();
        if (components != null) {
            components.stream().map(HealthContributors.Entry::name).forEach(name ->
                    Gauge.builder("actionbridge.health.up", this, m -> m.componentValue(name))
                            .description("1 when this health component is UP, 0 when it is DOWN or OUT_OF_SERVICE")
                            .tag("component", name).register(registry));
        }
        botGauge = MultiGauge.builder("actionbridge.bot.up")
                .description("1 when the bot is connected and its upstream reachable (health UP), 0 when DOWN")
                .register(registry);
        rows(bots.all());
        bots.addListener(this);
    }

    @Override
    public void botsReplaced(List<BotConfig> before, List<BotConfig> after) {
        rows(after);
    }

    private void rows(List<BotConfig> list) {
        MultiGauge gauge = botGauge;
        if (gauge == null) {
            return;
        }
        gauge.register(list.stream().map(bot -> MultiGauge.Row.of(Tags.of("bot", bot.id(),
                "platform", bot.platform() == null ? "" : bot.platform().name().toLowerCase(Locale.ROOT)),
                this, m -> m.botValue(bot.id()))).toList(), true);
    }

    private double botValue(String botId) {
        return states.find(botId).map(state -> switch (state.state()) {
            case UP -> 1.0;
            case DOWN -> 0.0;
            case UNKNOWN -> Double.NaN;
        }).orElse(Double.NaN);
    }

    private double componentValue(String name) {
        HealthEndpoint health = endpoint.getIfAvailable();
        HealthDescriptor descriptor = health == null ? null : health.healthForPath(name);
        if (descriptor == null) {
            return Double.NaN;
        }
        Status status = descriptor.getStatus();
        if (Status.UP.equals(status)) {
            return 1.0;
        }
        if (Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status)) {
            return 0.0;
        }
        return Double.NaN;
    }
}
