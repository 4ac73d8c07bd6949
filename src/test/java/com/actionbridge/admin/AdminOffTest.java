package com.actionbridge.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Without an admin token the console and the admin API do not exist, and the log says so once. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "actionbridge.admin.token=")
class AdminOffTest {

    @LocalServerPort
    int port;

    @Test
    void everythingUnderAdminIs404(CapturedOutput output) {
        Http http = new Http(port);
        assertThat(http.raw("/admin/api/bots", null).status()).isEqualTo(404);
        assertThat(http.raw("/admin/api/bots", "Bearer ").status()).isEqualTo(404);
        assertThat(http.raw("/admin/api/overview", "Bearer anything").status()).isEqualTo(404);
        assertThat(http.post("/admin/api/reload", "anything", "").status()).isEqualTo(404);
        assertThat(http.raw("/admin", null).status()).isEqualTo(404);
        assertThat(http.raw("/admin/", null).status()).isEqualTo(404);
        assertThat(http.raw("/admin/index.html", null).status()).isEqualTo(404);
        assertThat(http.raw("/admin/admin.js", null).status()).isEqualTo(404);
        assertThat(http.raw("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(output.getAll()).containsOnlyOnce(
                "Admin API and console are off: set ADMIN_TOKEN (actionbridge.admin.token) to turn them on");
    }
}
