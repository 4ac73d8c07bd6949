package com.actionbridge.admin;

import com.actionbridge.conversation.EngineLoad;
import com.actionbridge.conversation.SessionDirectory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Gauges of the engine read at scrape time: live sessions, queued and running events, and the count of events
 * refused as "busy". NaN while the engine is not there.
 */
public class EngineMetrics implements MeterBinder {

    private final ObjectProvider<EngineLoad> load;
    private final ObjectProvider<SessionDirectory> sessions;

    public EngineMetrics(ObjectProvider<EngineLoad> load, ObjectProvider<SessionDirectory> sessions) {
        this.load = load;
        this.sessions = sessions;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("actionbridge.sessions.live", sessions, s -> {
            SessionDirectory d = s.getIfAvailable();
            return d == null ? Double.NaN : d.count();
        }).description("Sessions currently held by the engine").register(registry);
        Gauge.builder("actionbridge.engine.queued", load, l -> {
            EngineLoad e = l.getIfAvailable();
            return e == null ? Double.NaN : e.queued();
        }).description("Events accepted and waiting for an engine thread").register(registry);
        Gauge.builder("actionbridge.engine.running", load, l -> {
            EngineLoad e = l.getIfAvailable();
            return e == null ? Double.NaN : e.running();
        }).description("Events being handled now").register(registry);
        FunctionCounter.builder("actionbridge.engine.rejected", load, l -> {
            EngineLoad e = l.getIfAvailable();
            return e == null ? 0 : e.rejected();
        }).description("Events refused with a busy card because the engine queue was full").register(registry);
    }
}
