package com.actionbridge.admin;

import com.actionbridge.action.UpstreamLocation;
import com.actionbridge.bot.BotConnectionSource;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.channel.CallbackMetrics;
import com.actionbridge.conversation.EngineLoad;
import com.actionbridge.conversation.SessionDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AdminProperties.class, RateLimitProperties.class, HealthProbeProperties.class})
class AdminConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminConfiguration.class);

    @Bean
    AdminAccess adminAccess(AdminProperties properties) {
        return new AdminAccess(properties.token(), new LoginThrottle(properties.loginFailuresPerMinute()));
    }

    /** Lets actuator show health components and details to the holder of the admin token only. */
    @Bean
    FilterRegistrationBean<AdminHealthAccess> adminHealthAccess(AdminAccess access) {
        FilterRegistrationBean<AdminHealthAccess> registration = new FilterRegistrationBean<>(new AdminHealthAccess(access));
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }

    @Bean
    WebMvcConfigurer adminAccessInterceptors(AdminAccess access) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(access.console()).addPathPatterns("/admin", "/admin/**")
                        .order(Ordered.HIGHEST_PRECEDENCE);
                registry.addInterceptor(access.api()).addPathPatterns("/admin/api", "/admin/api/**")
                        .order(Ordered.HIGHEST_PRECEDENCE + 1);
            }
        };
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> adminStartupLog(AdminProperties properties) {
        return event -> {
            if (!properties.enabled()) {
                log.info("Admin API and console are off: set ADMIN_TOKEN (actionbridge.admin.token) to turn them on");
            } else {
                log.info("Admin console at /admin, admin API under /admin/api (bearer token required)");
            }
        };
    }

    @Bean
    AdminTexts adminTexts(@Value("${actionbridge.locale:zh-CN}") String locale) {
        return new AdminTexts(locale);
    }

    @Bean
    AdmissionRecorder admissionRecorder(MeterRegistry registry, CallbackMetrics callbacks, BotRegistry bots) {
        return new AdmissionRecorder(registry, callbacks, bots);
    }

    /** Checked first: someone not on the list should not use up their rate. */
    @Bean
    @Order(100)
    AllowListPolicy allowListPolicy(BotRegistry bots, AdminTexts texts, AdmissionRecorder recorder) {
        return new AllowListPolicy(bots, texts, recorder);
    }

    @Bean
    @Order(200)
    RateLimitPolicy rateLimitPolicy(RateLimitProperties properties, RateWindows windows, AdminTexts texts,
                                    AdmissionRecorder recorder) {
        return new RateLimitPolicy(properties.perMinute(), windows, texts, recorder);
    }

    @Bean
    TurnMetrics turnMetrics(MeterRegistry registry) {
        return new TurnMetrics(registry);
    }

    @Bean
    EngineMetrics engineMetrics(ObjectProvider<EngineLoad> load, ObjectProvider<SessionDirectory> sessions) {
        return new EngineMetrics(load, sessions);
    }

    @Bean
    UpstreamProbe upstreamProbe(ObjectProvider<UpstreamLocation> location, HealthProbeProperties properties) {
        return new UpstreamProbe(location, properties.upstreamProbeTimeout(), properties.upstreamProbeTtl(),
                Clock.systemUTC());
    }

    @Bean
    BotStates botStates(BotRegistry registry, ObjectProvider<BotConnectionSource> sources, UpstreamProbe probe) {
        return new BotStates(registry, sources, probe);
    }

    @Bean
    BotsHealthContributor botsHealthContributor(BotStates states) {
        return new BotsHealthContributor(states);
    }

    @Bean
    BotsReloader botsReloader(ConfigurableEnvironment environment, BotRegistry registry, Validator validator,
                              ObjectProvider<ReloadBroadcast> broadcast) {
        return new BotsReloader(environment, registry, validator, broadcast.getIfAvailable(() -> () -> { }));
    }
}
