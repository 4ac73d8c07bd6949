package com.actionbridge.channel.wecom;

import com.actionbridge.ActionBridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WeCom's domain verification files are served at the root when configured, and only those. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "actionbridge.wecom.verify-files[0].name=WW_verify_AbCdEf123456.txt",
        "actionbridge.wecom.verify-files[0].content=AbCdEf123456",
        "actionbridge.wecom.verify-files[1].name=WW_verify_Second2.txt",
        "actionbridge.wecom.verify-files[1].content=Second2"})
class WeComVerifyFileTest {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void configuredFilesAreServedAsPlainText() throws Exception {
        HttpResponse<String> first = get("/WW_verify_AbCdEf123456.txt");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("AbCdEf123456");
        assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(get("/WW_verify_Second2.txt").body()).isEqualTo("Second2");
    }

    @Test
    void anyOtherNameIsNotFound() throws Exception {
        assertThat(get("/WW_verify_Unknown99.txt").statusCode()).isEqualTo(404);
        assertThat(get("/WW_verify_AbCdEf123456.TXT").statusCode()).isEqualTo(404);
        assertThat(get("/ww_verify_AbCdEf123456.txt").statusCode()).isEqualTo(404);
        assertThat(get("/WW_verify_.txt").statusCode()).isEqualTo(404);
        assertThat(get("/WW_verify_AbCdEf123456.txt.bak").statusCode()).isEqualTo(404);
    }

    @Test
    void aNameOutsideWeComsPatternStopsStartUpNamingTheEntry() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ActionBridgeApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1",
                        "--actionbridge.wecom.verify-files[0].name=../application.yml",
                        "--actionbridge.wecom.verify-files[0].content=x").close())
                .rootCause().hasMessage("actionbridge.wecom.verify-files[0].name must be "
                        + "WW_verify_<letters or digits>.txt, not \"../application.yml\"");
    }

    @Test
    void noFileConfiguredServesNothing() {
        WeComVerifyFileController none = new WeComVerifyFileController(new WeComVerifyFileProperties(null));
        assertThat(none.file("WW_verify_AbCdEf123456.txt").getStatusCode().value()).isEqualTo(404);
    }
}
