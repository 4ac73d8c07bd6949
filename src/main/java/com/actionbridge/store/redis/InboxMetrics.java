package com.actionbridge.store.redis;

import com.actionbridge.conversation.Inbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.dao.DataAccessException;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The durable inbox in Prometheus: {@code actionbridge_inbox_pending} (accepted, not started, over all instances),
 * {@code actionbridge_inbox_in_progress{instance}} (started here, not finished), {@code
 * actionbridge_inbox_taken_over_total} (taken over by this instance) and {@code
 * actionbridge_inbox_oldest_age_seconds} (the oldest unfinished event, over all instances). The shared figures are
 * read from Redis at most once a second; NaN while Redis does not answer.
 */
final class InboxMetrics implements MeterBinder {

    private final RedisInbox inbox;
    private final Supplier<String> instance;

    InboxMetrics(RedisInbox inbox, Supplier<String> instance) {
        this.inbox = inbox;
        this.instance = instance;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("actionbridge.inbox.pending", inbox, shared(f -> f.pending()))
                .description("Events accepted and not started yet, over all instances").register(registry);
        Gauge.builder("actionbridge.inbox.in.progress", inbox, RedisInbox::inProgressHere).tag("instance", instance.get())
                .description("Events started on this instance and not finished").register(registry);
        FunctionCounter.builder("actionbridge.inbox.taken.over", inbox, RedisInbox::takenOverHere)
                .description("Events this instance took over from an instance that stopped").register(registry);
        Gauge.builder("actionbridge.inbox.oldest.age", inbox, shared(f -> f.oldestAge().toMillis() / 1000.0))
                .baseUnit("seconds").description("How long the oldest unfinished event has waited")
                .register(registry);
    }

    private static ToDoubleFunction<RedisInbox> shared(ToDoubleFunction<Inbox.Figures> figure) {
        return inbox -> {
            try {
                return figure.applyAsDouble(inbox.figures());
            } catch (DataAccessException e) {
                return Double.NaN;
            }
        };
    }
}
