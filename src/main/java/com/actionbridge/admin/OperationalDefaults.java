package com.actionbridge.admin;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operational defaults that have no {@code @ConfigurationProperties} of ours to live in: the admin token's
 * environment variable, which actuator endpoints are exposed, health probes (whose liveness and readiness groups
 * hold only the application's own state, never the bots), graceful shutdown, the web server's listen queue and virtual
 * threads, Redis timeouts. Added with the lowest precedence, so every
 * configuration file, variable or argument overrides them; {@code config/application.yml} repeats them with
 * their documentation.
 */
public class OperationalDefaults implements EnvironmentPostProcessor {

    static final String NAME = "actionbridgeOperationalDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("actionbridge.admin.token", "${ADMIN_TOKEN:}");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        // Components and details (bots, errors, the upstream URL) only for the admin token: AdminHealthAccess.
        defaults.put("management.endpoint.health.show-components", "when-authorized");
        defaults.put("management.endpoint.health.show-details", "when-authorized");
        defaults.put("server.shutdown", "graceful");
        // A burst of people (web chats, callbacks) connects at once: the listen queue holds the whole burst instead
        // of dropping connections (a dropped one retries a second later, or is reset); the request processors of a
        // burst are kept for the next one (Tomcat registers each new one under a lock shared by all requests); and
        // requests run on virtual threads, so none waits for a pool thread to be started or freed.
        defaults.put("server.tomcat.accept-count", "2048");
        defaults.put("server.tomcat.processor-cache", "2048");
        defaults.put("spring.threads.virtual.enabled", "true");
        defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "30s");
        // With actionbridge.store: redis, a Redis that does not answer fails a request within seconds (503), never
        // holding a callback for Lettuce's default minute.
        defaults.put("spring.data.redis.timeout", "2s");
        defaults.put("spring.data.redis.connect-timeout", "2s");
        environment.getPropertySources().addLast(new MapPropertySource(NAME, defaults));
    }
}
