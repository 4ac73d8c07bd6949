package com.actionbridge.deploy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.actionbridge.deploy.DeployFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline checks of the deployment files: everything parses, and the ports, probe paths, management port,
 * environment names and shutdown budget agree across config/application.yml, the container image, Compose,
 * Kubernetes and systemd; no secret value is committed.
 */
class DeployFilesTest {

    static final int MANAGEMENT_PORT = 8081;

    /**
     * Environment names the deployment files may set besides the config's own ${NAME}s: Spring Boot's relaxed form
     * of a property (checked below), or a name of the deployment itself.
     */
    static final Map<String, String> BOOT_SETTINGS = Map.of(
            "SERVER_PORT", "server.port",
            "MANAGEMENT_SERVER_PORT", "management.server.port",
            "ACTIONBRIDGE_STORE", "actionbridge.store",
            "SPRING_DATA_REDIS_HOST", "spring.data.redis.host",
            "SPRING_DATA_REDIS_PORT", "spring.data.redis.port",
            "SPRING_DATA_REDIS_PASSWORD", "spring.data.redis.password");
    /** Compose-only: the public domain Caddy serves, the image to run, redis-cli's password. */
    static final Set<String> COMPOSE_ONLY = Set.of("ACTIONBRIDGE_DOMAIN", "ACTIONBRIDGE_IMAGE", "REDISCLI_AUTH");

    // ---------------------------------------------------------------------------------------------------------------
    // Everything parses

    @Test
    void everyYamlAndJsonFileParses() {
        List<Path> yaml = yamlFiles(DEPLOY);
        assertThat(yaml).extracting(Path::toString).contains(
                COMPOSE.toString(), ALERTS.toString(), PROMETHEUS.toString(),
                K8S.resolve("deployment.yaml").toString());
        for (Path file : yaml) {
            assertThat(yamlDocuments(file)).as(file.toString()).isNotEmpty();
        }
        assertThat(json(DASHBOARD).get("panels").size()).isGreaterThan(5);
        assertThat(k8sObjects().keySet()).containsExactlyInAnyOrder("Deployment/actionbridge",
                "Service/actionbridge", "Ingress/actionbridge", "PodDisruptionBudget/actionbridge",
                "Service/actionbridge-redis", "StatefulSet/actionbridge-redis");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Container image

    @Test
    void dockerfileIsMultiStageLayeredNonRootWithHealthCheckAndContainerMemory() {
        List<String> in = dockerInstructions();
        List<String> from = in.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(from).hasSizeGreaterThanOrEqualTo(2);
        assertThat(from.get(0)).matches("FROM maven:[^ ]*eclipse-temurin-25 AS build");
        assertThat(from.get(from.size() - 1)).isEqualTo("FROM eclipse-temurin:25-jre");
        assertThat(in).anyMatch(i -> i.contains("mvn -B -q -DskipTests package"));
        assertThat(in).anyMatch(i -> i.contains("java -Djarmode=tools -jar app.jar extract --layers --destination "
                + "extracted --application-filename actionbridge.jar"));
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(in).contains("COPY --from=layers /layers/extracted/" + layer + "/ ./");
        }
        List<String> runtime = in.subList(in.lastIndexOf(from.get(from.size() - 1)), in.size());
        assertThat(runtime).contains("WORKDIR /app", "USER 10001:10001",
                "COPY config/application.yml /app/config/application.yml");
        assertThat(runtime.stream().filter(i -> i.startsWith("ENTRYPOINT")).findFirst().orElseThrow())
                .contains("-XX:MaxRAMPercentage=").contains("\"-jar\", \"/app/actionbridge.jar\"")
                .startsWith("ENTRYPOINT [");
        // The AOT cache is made in the runtime image, by its java, for the jar the ENTRYPOINT runs.
        assertThat(runtime).anyMatch(i -> i.startsWith("RUN java -XX:AOTCacheOutput=/app/actionbridge.aot ")
                && i.contains("-Dspring.context.exit=onRefresh -jar /app/actionbridge.jar"));
        String healthcheck = runtime.stream().filter(i -> i.startsWith("HEALTHCHECK")).findFirst().orElseThrow();
        assertThat(healthcheck).contains("\"HealthCheck\", \"" + READINESS + "\"");
        assertThat(runtime).contains("EXPOSE " + serverPort() + " " + MANAGEMENT_PORT);
        assertThat(runtime).anyMatch(i -> i.startsWith("ENV ") && i.contains("SERVER_PORT=" + serverPort())
                && i.contains("MANAGEMENT_SERVER_PORT=" + MANAGEMENT_PORT));
        // Every file copied from the build context is in the repository.
        for (String i : in) {
            if (i.startsWith("COPY ") && !i.startsWith("COPY --from")) {
                String[] parts = i.split(" ");
                for (int p = 1; p < parts.length - 1; p++) {
                    assertThat(ROOT.resolve(parts[p])).as(i).exists();
                }
            }
        }
        assertThat(HEALTH_CHECK).exists();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Compose

    @Test
    void composeRunsTwoInstancesOnRedisBehindATlsProxy() {
        Map<String, Object> services = map(yaml(COMPOSE).get("services"));
        assertThat(services.keySet()).containsExactlyInAnyOrder("actionbridge-1", "actionbridge-2", "redis", "proxy");
        for (String name : List.of("actionbridge-1", "actionbridge-2")) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> env = map(service.get("environment"));
            assertThat(env).containsEntry("ACTIONBRIDGE_STORE", "redis")
                    .containsEntry("SPRING_DATA_REDIS_HOST", "redis")
                    .containsEntry("SPRING_DATA_REDIS_PORT", "6379")
                    .containsEntry("SERVER_PORT", String.valueOf(serverPort()))
                    .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(MANAGEMENT_PORT));
            assertThat(env.keySet()).allMatch(BOOT_SETTINGS::containsKey);
            assertThat(service).doesNotContainKey("ports");
            assertThat(service.get("env_file")).isEqualTo(".env");
            assertThat(list(service.get("volumes"))).contains("../../config:/app/config:ro");
            assertThat(String.join(" ", list(at(service, "healthcheck", "test")).stream().map(String::valueOf)
                    .toList())).endsWith("HealthCheck " + READINESS);
            assertThat(map(at(service, "build"))).containsEntry("context", "../..")
                    .containsEntry("dockerfile", "deploy/docker/Dockerfile");
            assertThat(shutdownBudgetSeconds(0))
                    .isLessThanOrEqualTo(seconds((String) service.get("stop_grace_period")));
        }
        String redisCommand = String.join(" ", list(at(services, "redis", "command")).stream().map(String::valueOf)
                .toList());
        assertThat(redisCommand).contains("--appendonly yes").contains("--requirepass");
        assertThat(list(at(services, "redis", "volumes"))).contains("redis-data:/data");
        assertThat(list(at(services, "proxy", "ports"))).contains("443:443");
        assertThat((String) at(services, "proxy", "image")).startsWith("caddy:");

        String caddy = read(CADDYFILE);
        assertThat(caddy).contains("reverse_proxy actionbridge-1:" + serverPort() + " actionbridge-2:" + serverPort())
                .contains("health_uri " + READINESS).contains("health_port " + MANAGEMENT_PORT);
        Matcher vars = Pattern.compile("\\{\\$([A-Z_]+)}").matcher(caddy);
        while (vars.find()) {
            assertThat(map(at(services, "proxy", "environment"))).containsKey(vars.group(1));
        }
    }

    @Test
    void composeInterpolatesOnlyNamesOfItsEnvTemplate() {
        Set<String> interpolated = placeholders(read(COMPOSE));
        interpolated.removeIf(name -> read(COMPOSE).contains("${" + name + ":-"));  // those with a default
        assertThat(envFile(COMPOSE_ENV).keySet()).containsAll(interpolated);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Kubernetes

    @Test
    void kubernetesDeploymentProbesPortsShutdownAndInternalManagementPort() {
        Map<String, Map<String, Object>> k8s = k8sObjects();
        Map<String, Object> deployment = k8s.get("Deployment/actionbridge");
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(2);
        Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
        Map<String, Object> container = map(at(pod, "containers", 0));
        Map<String, Integer> ports = new java.util.HashMap<>();
        list(container.get("ports")).forEach(p -> ports.put((String) map(p).get("name"),
                (Integer) map(p).get("containerPort")));
        assertThat(ports).containsEntry("http", serverPort()).containsEntry("management", MANAGEMENT_PORT);
        assertThat(envValues(container)).containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(MANAGEMENT_PORT))
                .containsEntry("SERVER_PORT", String.valueOf(serverPort()))
                .containsEntry("ACTIONBRIDGE_STORE", "redis")
                .containsEntry("SPRING_DATA_REDIS_HOST", "actionbridge-redis")
                .containsEntry("SPRING_DATA_REDIS_PORT", "6379");
        assertThat(envValues(container).keySet()).allMatch(BOOT_SETTINGS::containsKey);
        assertThat(at(container, "startupProbe", "httpGet")).isEqualTo(Map.of("path", LIVENESS, "port", "management"));
        assertThat(at(container, "livenessProbe", "httpGet")).isEqualTo(Map.of("path", LIVENESS, "port", "management"));
        assertThat(at(container, "readinessProbe", "httpGet"))
                .isEqualTo(Map.of("path", READINESS, "port", "management"));
        assertThat(at(deployment, "spec", "template", "metadata", "annotations"))
                .isEqualTo(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", String.valueOf(MANAGEMENT_PORT),
                        "prometheus.io/path", "/actuator/prometheus"));
        assertThat(map(at(container, "resources", "limits"))).containsKey("memory");
        assertThat(map(at(container, "resources", "requests"))).containsKeys("cpu", "memory");
        assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);

        List<Object> preStop = list(at(container, "lifecycle", "preStop", "exec", "command"));
        assertThat(preStop.get(0)).isEqualTo("sleep");
        int preStopSeconds = Integer.parseInt((String) preStop.get(1));
        assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
                .isGreaterThanOrEqualTo(shutdownBudgetSeconds(preStopSeconds));

        // The config: generated from config/application.yml, mounted where the application reads it.
        Map<String, Object> kustomization = yaml(K8S.resolve("kustomization.yaml"));
        Map<String, Object> generator = map(at(kustomization, "configMapGenerator", 0));
        assertThat(generator.get("name")).isEqualTo("actionbridge-config");
        assertThat(list(generator.get("files"))).containsExactly("application.yml=../../config/application.yml");
        assertThat(K8S.resolve("../../config/application.yml").normalize()).isEqualTo(CONFIG.normalize());
        assertThat(list(pod.get("volumes"))).contains(Map.of("name", "config",
                "configMap", Map.of("name", "actionbridge-config")));
        assertThat(list(container.get("volumeMounts"))).contains(Map.of("name", "config", "mountPath", "/app/config",
                "readOnly", true));

        // Secrets: one Secret, not applied by the base, read whole.
        assertThat(list(kustomization.get("resources"))).doesNotContain("secret.example.yaml");
        String secretName = (String) at(yaml(K8S.resolve("secret.example.yaml")), "metadata", "name");
        assertThat(list(container.get("envFrom"))).containsExactly(Map.of("secretRef", Map.of("name", secretName)));

        // The management port stays inside the pod network: no Service port, no Ingress backend reaches it.
        Map<String, Object> service = k8s.get("Service/actionbridge");
        assertThat(list(at(service, "spec", "ports"))).containsExactly(Map.of("name", "http", "port", 80,
                "targetPort", "http"));
        assertThat(at(service, "spec", "selector")).isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
        Map<String, Object> ingress = k8s.get("Ingress/actionbridge");
        assertThat(at(ingress, "spec", "rules", 0, "http", "paths", 0, "backend", "service"))
                .isEqualTo(Map.of("name", "actionbridge", "port", Map.of("name", "http")));
        assertThat(list(at(ingress, "spec", "tls"))).isNotEmpty();
        for (Map<String, Object> object : k8s.values()) {
            if (!object.get("kind").equals("Deployment")) {
                assertThat(object.toString()).doesNotContain("management").doesNotContain("8081");
            }
        }

        Map<String, Object> pdb = k8s.get("PodDisruptionBudget/actionbridge");
        assertThat(at(pdb, "spec", "minAvailable")).isEqualTo(1);
        assertThat(at(pdb, "spec", "selector")).isEqualTo(at(deployment, "spec", "selector"));

        Map<String, Object> redis = k8s.get("StatefulSet/actionbridge-redis");
        Map<String, Object> redisContainer = map(at(redis, "spec", "template", "spec", "containers", 0));
        assertThat(list(redisContainer.get("args"))).contains("--appendonly", "yes", "--requirepass");
        assertThat(redisContainer.toString()).contains("key=SPRING_DATA_REDIS_PASSWORD").contains("name=" + secretName);
        assertThat(at(k8s.get("Service/actionbridge-redis"), "spec", "ports", 0, "port")).isEqualTo(6379);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // systemd

    @Test
    void systemdUnitFitsTheShutdownBudgetAndReadsTheInstalledFiles() {
        String unit = read(SYSTEMD_UNIT);
        assertThat(unit).contains("WorkingDirectory=/opt/actionbridge",
                "EnvironmentFile=/etc/actionbridge/actionbridge.env",
                "-XX:AOTCache=/opt/actionbridge/app/actionbridge.aot ", "-jar /opt/actionbridge/app/actionbridge.jar",
                "User=actionbridge", "SuccessExitStatus=143");
        Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
        assertThat(stop.find()).isTrue();
        assertThat(Integer.parseInt(stop.group(1))).isGreaterThanOrEqualTo(shutdownBudgetSeconds(0));
        Map<String, String> env = envFile(SYSTEMD_ENV);
        assertThat(env).containsEntry("SERVER_PORT", String.valueOf(serverPort()))
                .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(MANAGEMENT_PORT));
        // install.sh puts the files where the unit reads them (BareHostInstallTest runs it).
        assertThat(read(INSTALL)).contains("APP_DIR=$PREFIX/opt/actionbridge", "ETC_DIR=$PREFIX/etc/actionbridge",
                "\"$ETC_DIR/actionbridge.env\"", "\"$APP_DIR/actionbridge.jar\"",
                "UNIT_DIR=$PREFIX/etc/systemd/system");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // One way to launch: the container, the systemd unit, the AOT cache's training run and the benchmark

    @Test
    void theContainerTheUnitTheTrainingRunAndTheBenchmarkLaunchWithTheSameFlags() {
        String entrypoint = dockerInstructions().stream().filter(i -> i.startsWith("ENTRYPOINT")).findFirst()
                .orElseThrow();
        List<String> container = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(entrypoint);
        while (quoted.find()) {
            container.add(quoted.group(1));
        }
        Matcher exec = Pattern.compile("(?m)^ExecStart=(.*)$").matcher(read(SYSTEMD_UNIT));
        assertThat(exec.find()).isTrue();
        List<String> unit = List.of(exec.group(1).split(" "));
        // java, the AOT cache, the other flags, -jar <the extracted jar>
        assertThat(container).hasSameSizeAs(unit).startsWith("java").contains("-jar");
        assertThat(container.get(1)).isEqualTo("-XX:AOTCache=/app/actionbridge.aot");
        assertThat(unit.get(1)).isEqualTo("-XX:AOTCache=/opt/actionbridge/app/actionbridge.aot");
        List<String> flags = container.subList(2, container.indexOf("-jar"));
        assertThat(flags).isNotEmpty().isEqualTo(unit.subList(2, unit.indexOf("-jar")));
        String joined = String.join(" ", flags);
        assertThat(read(AOT_CACHE_SCRIPT)).contains("flags=\"" + joined + "\"");
        assertThat(read(BENCH_RUN)).contains("app_options=\"" + joined + "\"");
        String training = dockerInstructions().stream().filter(i -> i.contains("-XX:AOTCacheOutput=")).findFirst()
                .orElseThrow();
        assertThat(training).contains(joined);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // One set of environment names

    @Test
    void theBootSettingsAreSpringBootsRelaxedNamesOfTheirProperties() {
        BOOT_SETTINGS.forEach((env, property) ->
                assertThat(property.toUpperCase().replace('.', '_').replace("-", "")).isEqualTo(env));
    }

    @Test
    void everyEnvironmentNameTheConfigUsesIsInEveryTemplateAndNothingElse() {
        Set<String> config = configEnvNames();
        assertThat(config).contains("AI_ACTION_BASE_URL", "AI_ACTION_TOKEN", "WEB_CHAT_API_KEY", "ADMIN_TOKEN",
                "WECOM_CORP_ID", "WECOM_HR_SECRET", "WECOM_HR_TOKEN", "WECOM_HR_AES_KEY", "DINGTALK_OPS_CLIENT_ID",
                "DINGTALK_OPS_CLIENT_SECRET");

        Set<String> allowed = new LinkedHashSet<>(config);
        allowed.addAll(BOOT_SETTINGS.keySet());
        Map<String, Set<String>> templates = Map.of(
                SYSTEMD_ENV.toString(), envFile(SYSTEMD_ENV).keySet(),
                COMPOSE_ENV.toString(), envFile(COMPOSE_ENV).keySet(),
                "deploy/k8s/secret.example.yaml",
                map(yaml(K8S.resolve("secret.example.yaml")).get("stringData")).keySet());
        templates.forEach((name, keys) -> {
            assertThat(keys).as(name + " lists every ${NAME} of config/application.yml").containsAll(config);
            Set<String> extra = new LinkedHashSet<>(keys);
            extra.removeAll(allowed);
            extra.removeAll(name.contains("compose") ? COMPOSE_ONLY : Set.of());
            assertThat(extra).as(name + " names nothing the application does not read").isEmpty();
        });
        assertThat(envFile(COMPOSE_ENV)).containsKeys("SPRING_DATA_REDIS_PASSWORD", "ACTIONBRIDGE_DOMAIN");
        assertThat(map(yaml(K8S.resolve("secret.example.yaml")).get("stringData")))
                .containsKey("SPRING_DATA_REDIS_PASSWORD");

        String guide = read(ROOT.resolve("docs/operations.md"));
        for (String name : allowed) {
            assertThat(guide).as("docs/operations.md names " + name).contains(name);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // No secret committed

    @Test
    void noSecretValueIsCommitted() throws Exception {
        Set<String> notSecret = Set.of("SERVER_PORT", "MANAGEMENT_SERVER_PORT", "ACTIONBRIDGE_STORE",
                "SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PORT");
        for (Path file : List.of(SYSTEMD_ENV, COMPOSE_ENV)) {
            envFile(file).forEach((name, value) -> {
                if (value != null && !notSecret.contains(name)) {
                    assertThat(value).as(file + ": " + name).isEmpty();
                }
            });
        }
        map(yaml(K8S.resolve("secret.example.yaml")).get("stringData"))
                .forEach((name, value) -> assertThat(value).as("secret.example.yaml: " + name).isEqualTo(""));

        Pattern secretLooking = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"
                + "|(?<![A-Za-z0-9/+_-])[A-Za-z0-9]{43}(?![A-Za-z0-9/+_-])"     // a WeCom EncodingAESKey
                + "|(?<![A-Za-z0-9])[0-9a-f]{32,}(?![A-Za-z0-9])"               // hex tokens
                + "|(?i)(password|secret|token)[ \\t]*[:=][ \\t]*[\"']?[A-Za-z0-9+/_-]{8,}");
        List<Path> files = new ArrayList<>(List.of(CONFIG));
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            Matcher m = secretLooking.matcher(read(file));
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group());
            }
            assertThat(found).as(file + " holds something that looks like a secret").isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Monitoring

    @Test
    void alertRulesCoverWhatAnOperatorMustKnow() {
        Map<String, String> alerts = alertExpressions();
        assertThat(alerts.keySet()).contains("ActionBridgeInstanceDown", "ActionBridgeBotDown",
                "ActionBridgeUpstreamErrors", "ActionBridgeCallbacksRefused", "ActionBridgeEngineSaturated",
                "ActionBridgeRedisDown");
        assertThat(alerts.get("ActionBridgeBotDown")).contains("actionbridge_bot_up");
        assertThat(alerts.get("ActionBridgeUpstreamErrors"))
                .contains("actionbridge_turns_total{status=\"upstream_error\"}");
        assertThat(alerts.get("ActionBridgeCallbacksRefused")).contains("actionbridge_callbacks_total")
                .contains("bad_signature");
        assertThat(alerts.get("ActionBridgeEngineSaturated")).contains("actionbridge_engine_rejected_total");
        assertThat(alerts.get("ActionBridgeRedisDown")).contains("actionbridge_health_up{component=\"redis\"}");
        assertThat(alerts.get("ActionBridgeInstanceDown")).contains("up{job=\"actionbridge\"}");
        Map<String, Object> scrape = map(list(yaml(PROMETHEUS).get("scrape_configs")).get(0));
        assertThat(scrape).containsEntry("job_name", "actionbridge")
                .containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(list(at(scrape, "static_configs", 0, "targets")))
                .allMatch(t -> ((String) t).endsWith(":" + MANAGEMENT_PORT));
        assertThat(list(yaml(PROMETHEUS).get("rule_files"))).containsExactly(ALERTS.getFileName().toString());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** ${NAME}s of config/application.yml, its commented examples included (not the ${ENV_NAME} of the prose). */
    static Set<String> configEnvNames() {
        Set<String> names = placeholders(read(CONFIG));
        names.remove("ENV_NAME");
        return names;
    }

    static int serverPort() {
        return (Integer) at(yaml(CONFIG), "server", "port");
    }

    /**
     * Seconds a stop may take: a preStop pause, the web server's graceful phase (bounded by
     * spring.lifecycle.timeout-per-shutdown-phase), then the engine finishing accepted turns (shutdown-wait, plus
     * its notifier's tenth), and a 5 s margin.
     */
    static int shutdownBudgetSeconds(int preStop) {
        Map<String, Object> config = yaml(CONFIG);
        assertThat(at(config, "server", "shutdown")).isEqualTo("graceful");
        Duration phase = DurationStyle.detectAndParse((String) at(config, "spring", "lifecycle",
                "timeout-per-shutdown-phase"));
        Duration engine = DurationStyle.detectAndParse((String) at(config, "actionbridge", "engine", "shutdown-wait"));
        assertThat(phase).as("timeout-per-shutdown-phase above engine.shutdown-wait").isGreaterThan(engine);
        return preStop + (int) Math.ceil(phase.toMillis() / 1000.0 + engine.toMillis() * 1.1 / 1000.0) + 5;
    }

    static int seconds(String composeDuration) {
        return (int) DurationStyle.detectAndParse(composeDuration).toSeconds();
    }

    static Map<String, String> envValues(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        list(container.get("env")).forEach(e -> env.put((String) map(e).get("name"), (String) map(e).get("value")));
        return env;
    }
}
