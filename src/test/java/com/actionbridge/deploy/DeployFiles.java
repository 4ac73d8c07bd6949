package com.actionbridge.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files under deploy/ (and config/application.yml) read as an operator's tools would: YAML documents, env files,
 * the Dockerfile's instructions, the Caddyfile, the alert rules and the dashboard. Shared by the offline checks and the
 * test that runs the application against the paths and metrics these files name.
 */
public final class DeployFiles {

    public static final Path ROOT = Path.of(".");
    public static final Path CONFIG = ROOT.resolve("config/application.yml");
    public static final Path DEPLOY = ROOT.resolve("deploy");
    public static final Path DOCKERFILE = DEPLOY.resolve("docker/Dockerfile");
    public static final Path HEALTH_CHECK = DEPLOY.resolve("docker/HealthCheck.java");
    public static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");
    public static final Path COMPOSE_ENV = DEPLOY.resolve("compose/.env.example");
    public static final Path CADDYFILE = DEPLOY.resolve("compose/Caddyfile");
    public static final Path K8S = DEPLOY.resolve("k8s");
    public static final Path SYSTEMD_UNIT = DEPLOY.resolve("systemd/actionbridge.service");
    public static final Path SYSTEMD_ENV = DEPLOY.resolve("systemd/actionbridge.env.example");
    public static final Path INSTALL = DEPLOY.resolve("systemd/install.sh");
    public static final Path AOT_CACHE_SCRIPT = DEPLOY.resolve("aot-cache.sh");
    public static final Path BENCH_RUN = ROOT.resolve("bench/run");
    public static final Path ALERTS = DEPLOY.resolve("monitoring/alerts.yml");
    public static final Path PROMETHEUS = DEPLOY.resolve("monitoring/prometheus.yml");
    public static final Path DASHBOARD = DEPLOY.resolve("monitoring/grafana-dashboard.json");

    public static final String LIVENESS = "/actuator/health/liveness";
    public static final String READINESS = "/actuator/health/readiness";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?}");
    private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=(.*)$");
    private static final Pattern METRIC =
            Pattern.compile("\\b((?:actionbridge|jvm|http_server_requests|process)_[a-z0-9_]+)");

    private DeployFiles() {
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file (several in one file separated by ---). */
    public static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    public static Map<String, Object> yaml(Path file) {
        List<Map<String, Object>> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " YAML documents, expected one");
        }
        return docs.get(0);
    }

    public static JsonNode json(Path file) {
        return JsonMapper.builder().build().readTree(read(file));
    }

    /** Every YAML file under a directory, recursively. */
    public static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kubernetes objects of the kustomize base's resources, by "Kind/name". */
    public static Map<String, Map<String, Object>> k8sObjects() {
        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        for (Object resource : list(yaml(K8S.resolve("kustomization.yaml")).get("resources"))) {
            for (Map<String, Object> doc : yamlDocuments(K8S.resolve((String) resource))) {
                objects.put(doc.get("kind") + "/" + map(doc.get("metadata")).get("name"), doc);
            }
        }
        return objects;
    }

    /** {@code ${NAME}} and {@code ${NAME:default}} references in a text, comments included. */
    public static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** NAME=value lines of an env file; commented-out ones ({@code # NAME=}) too, as documented names. */
    public static Map<String, String> envFile(Path file) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            Matcher m = ENV_LINE.matcher(line.strip());
            if (m.matches()) {
                vars.put(m.group(1), line.strip().startsWith("#") ? null : m.group(2));
            }
        }
        return vars;
    }

    /** Instructions of a Dockerfile, continuation lines joined, comments dropped: "KEYWORD arguments". */
    public static List<String> dockerInstructions() {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read(DOCKERFILE).split("\n")) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            out.add(current.toString().replaceAll("\\s+", " ").strip());
            current.setLength(0);
        }
        return out;
    }

    /** Metric names an alert rule or dashboard query refers to. */
    public static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every alert rule's expression, by alert name. */
    public static Map<String, String> alertExpressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Object group : list(yaml(ALERTS).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                exprs.put((String) map(rule).get("alert"), (String) map(rule).get("expr"));
            }
        }
        return exprs;
    }

    /** Every dashboard panel's query expressions. */
    public static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : json(DASHBOARD).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                exprs.add(target.get("expr").asString());
            }
        }
        return exprs;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalStateException("expected a mapping, got " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        if (!(o instanceof List<?>)) {
            throw new IllegalStateException("expected a list, got " + o);
        }
        return (List<Object>) o;
    }

    /** Follows a path of keys and list indexes through nested YAML, e.g. at(doc, "spec", "template", "spec"). */
    public static Object at(Object node, Object... path) {
        Object current = node;
        for (Object key : path) {
            current = key instanceof Integer i ? list(current).get(i) : map(current).get(key);
            if (current == null) {
                throw new IllegalStateException("no " + key + " in path " + List.of(path));
            }
        }
        return current;
    }
}
