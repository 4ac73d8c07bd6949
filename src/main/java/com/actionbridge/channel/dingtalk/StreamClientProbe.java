package com.actionbridge.channel.dingtalk;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.open.OpenApiClient;
import com.dingtalk.open.app.stream.network.api.Session;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The places where app-stream-client 1.3.12 offers no public API, reached by reflection: the gateway host
 * (the builder's private {@code openApiHost}) and the connection state (the client's session pool and the
 * gateway "open" call, whose failures the SDK only logs). A missing member means a different SDK version: the
 * host setter then stops start-up; the state probe reports that it cannot see the link.
 */
final class StreamClientProbe {

    private StreamClientProbe() {
    }

    static void setOpenApiHost(OpenDingTalkStreamClientBuilder builder, String host) {
        Method m;
        try {
            m = OpenDingTalkStreamClientBuilder.class.getDeclaredMethod("openApiHost", String.class);
            m.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("This app-stream-client has no OpenDingTalkStreamClientBuilder."
                    + "openApiHost(String); the DingTalk api-base-url cannot be applied to Stream mode", e);
        }
        try {
            m.invoke(builder, host);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Setting the DingTalk Stream gateway host failed", e);
        }
    }

    /** Live sessions of a started client, or null when the SDK's internals are not where they were. */
    @SuppressWarnings("unchecked")
    static Map<String, Session> sessions(OpenDingTalkClient client) {
        try {
            Object network = field(client, "netWorkService");
            Object pool = network == null ? null : field(network, "sessionPool");
            return pool == null ? null : (Map<String, Session>) field(pool, "sessions");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static boolean connected(Map<String, Session> sessions) {
        return sessions.values().stream().anyMatch(s -> s.isActive() && !s.isGoAway());
    }

    /** Routes the client's gateway "open" calls through a wrapper that reports their failures. */
    static boolean watchOpenCalls(OpenDingTalkClient client, Consumer<Throwable> onFailure) {
        try {
            Field f = client.getClass().getDeclaredField("openApiClient");
            f.setAccessible(true);
            OpenApiClient original = (OpenApiClient) f.get(client);
            if (original == null) {
                return false;
            }
            OpenApiClient watching = (OpenApiClient) Proxy.newProxyInstance(OpenApiClient.class.getClassLoader(),
                    new Class<?>[]{OpenApiClient.class}, (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return method.invoke(original, args);
                        }
                        try {
                            return method.invoke(original, args);
                        } catch (InvocationTargetException e) {
                            onFailure.accept(e.getCause());
                            throw e.getCause();
                        }
                    });
            f.set(client, watching);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
