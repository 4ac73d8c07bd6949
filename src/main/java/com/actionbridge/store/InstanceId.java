package com.actionbridge.store;

import org.springframework.core.env.Environment;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/**
 * This instance's name in the console's turns and in the reload broadcast: {@code actionbridge.instance-id} when set,
 * else the host name and the HTTP port the server listens on.
 */
public final class InstanceId implements Supplier<String> {

    private final String configured;
    private final Environment environment;
    private volatile String resolved;

    public InstanceId(String configured, Environment environment) {
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
        this.environment = environment;
    }

    @Override
    public String get() {
        if (configured != null) {
            return configured;
        }
        String name = resolved;
        if (name == null) {
            String port = environment.getProperty("local.server.port");
            name = host() + ":" + (port != null ? port : environment.getProperty("server.port", "8080"));
            if (port != null) {
                resolved = name;
            }
        }
        return name;
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return get();
    }
}
