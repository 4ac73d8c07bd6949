import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container's health check: GET one of the application's probe paths on the management port and exit 0 on
 * HTTP 200, 1 otherwise. The JRE image has no curl or wget to rely on, so the check is this class, compiled in the
 * build stage. Usage: {@code java HealthCheck /actuator/health/readiness}. The port is MANAGEMENT_SERVER_PORT, else
 * SERVER_PORT, else 8080 (the application's own defaults).
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/actuator/health/readiness";
        String port = firstSet(System.getenv("MANAGEMENT_SERVER_PORT"), System.getenv("SERVER_PORT"), "8080");
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                System.exit(0);
            }
            System.err.println(uri + " answered " + response.statusCode() + ": " + response.body());
        } catch (Exception e) {
            System.err.println(uri + " failed: " + e);
        }
        System.exit(1);
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "8080";
    }
}
