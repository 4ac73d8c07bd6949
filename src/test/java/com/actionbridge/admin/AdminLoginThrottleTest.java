package com.actionbridge.admin;

import com.actionbridge.ActionBridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Guessing the admin token does not scale: wrong tokens are checked a few times per minute per client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "actionbridge.admin.token=" + AdminLoginThrottleTest.TOKEN)
@ExtendWith(OutputCaptureExtension.class)
class AdminLoginThrottleTest {

    static final String TOKEN = "throttle-test-admin-token-0123456789";

    @LocalServerPort
    int port;

    @Test
    void threeHundredGuessesInASecondAreMostlyNotEvenChecked() throws Exception {
        Http http = new Http(port);
        List<Integer> statuses;
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Callable<Integer>> guesses = IntStream.range(0, 300).<Callable<Integer>>mapToObj(i ->
                    () -> http.get("/admin/api/bots", "guess-" + i + "-0123456789abcdef").status()).toList();
            statuses = pool.invokeAll(guesses).stream().map(AdminLoginThrottleTest::get).toList();
        }
        long checked = statuses.stream().filter(s -> s == 401).count();
        long throttled = statuses.stream().filter(s -> s == 429).count();
        assertThat(checked).as("wrong tokens actually compared").isLessThanOrEqualTo(10);
        assertThat(checked + throttled).isEqualTo(300);
        // The health endpoint is no side door: a token there counts toward the same bound.
        assertThat(http.get("/actuator/health", "another-guess-0123456789").status()).isEqualTo(429);
        // Probes that present no token are not affected.
        assertThat(http.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void anAdminTokenShorterThanSixteenCharactersStopsStartUp(CapturedOutput output) {
        SpringApplication app = new SpringApplication(ActionBridgeApplication.class);
        assertThatThrownBy(() -> app.run("--server.port=0", "--actionbridge.admin.token=tiny-secret-15c"))
                .hasStackTraceContaining("actionbridge.admin.token (ADMIN_TOKEN) has 15 characters; it must have at "
                        + "least 16");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").doesNotContain("tiny-secret-15c");
    }

    private static int get(Future<Integer> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
