package com.actionbridge.admin;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /admin/api/reload re-reads the configuration file from disk: a valid list replaces the registry at once
 * (a new DingTalk stream bot whose gateway cannot be reached does not hold it up, and nothing waits for a
 * restart), an invalid one is refused with the start-up messages and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "actionbridge.upstream.sandbox=true", "actionbridge.admin.token=" + BotsReloadTest.TOKEN,
        "spring.config.import=optional:file:" + BotsReloadTest.FILE})
class BotsReloadTest {

    static final String TOKEN = "reload-test-token-0123456789abcdef";
    static final String FILE = "target/admin-reload-test/bots.yml";
    private static final String AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    static {
        write("""
                bots:
                  - id: hr
                    platform: wecom
                    corp-id: ww-reload
                    agent-id: 1000002
                    secret: reload-secret
                    token: reloadtoken
                    aes-key: %s
                    api-base-url: http://127.0.0.1:9
                """.formatted(AES));
    }

    @Autowired
    BotRegistry registry;

    @LocalServerPort
    int port;

    private static void write(String yaml) {
        try {
            Path path = Path.of(FILE);
            Files.createDirectories(path.getParent());
            Files.writeString(path, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String wecom(String id, String aesKey, String extra) {
        return """
                  - id: %s
                    platform: wecom
                    corp-id: ww-reload
                    agent-id: 1000002
                    secret: reload-secret
                    token: reloadtoken
                    aes-key: %s
                    api-base-url: http://127.0.0.1:9
                %s""".formatted(id, aesKey, extra);
    }

    @Test
    void reloadAppliesValidListsAndRefusesInvalidOnes() {
        Http http = new Http(port);
        assertThat(registry.all()).extracting(BotConfig::id).containsExactly("hr");

        JsonNode same = http.post("/admin/api/reload", TOKEN, "").json();
        assertThat(same.get("applied").asBoolean()).isTrue();
        assertThat(same.get("changed").size()).isZero();
        assertThat(same.get("note").asString()).contains("restart");

        write("bots:\n" + wecom("hr", AES, "    allowed-users: [alice]\n") + wecom("sales", AES, "") + """
                  - id: ding
                    platform: dingtalk
                    client-id: ding-client
                    client-secret: ding-secret
                    api-base-url: http://127.0.0.1:9
                """);
        Http.Response added = http.post("/admin/api/reload", TOKEN, "");
        assertThat(added.status()).isEqualTo(200);
        JsonNode outcome = added.json();
        assertThat(outcome.get("added").toString()).isEqualTo("[\"sales\",\"ding\"]");
        assertThat(outcome.get("changed").toString()).isEqualTo("[\"hr\"]");
        assertThat(outcome.get("restartRequired").size()).as("stream bots follow a reload").isZero();
        assertThat(outcome.get("restartRequired").has("sales")).isFalse();
        assertThat(registry.find("sales")).isPresent();
        assertThat(registry.find("hr").orElseThrow().allowedUsers()).containsExactly("alice");
        assertThat(http.get("/admin/api/bots", TOKEN).body()).contains("\"sales\"").contains("\"ding\"")
                .doesNotContain("ding-secret");

        write("bots:\n" + wecom("hr", AES, "") + wecom("sales", "tooShort", ""));
        Http.Response invalid = http.post("/admin/api/reload", TOKEN, "");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).asString())
                .isEqualTo("bots[1] (id=sales): aes-key must be 43 characters");
        assertThat(registry.all()).extracting(BotConfig::id).containsExactly("hr", "sales", "ding");

        write("bots:\n" + wecom("hr", AES, "") + "  - id: chat\n    platform: slack\n");
        Http.Response unknown = http.post("/admin/api/reload", TOKEN, "");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).asString())
                .isEqualTo("bots[1].platform: unknown platform 'slack'; use wecom, dingtalk or wecom-aibot");

        write("bots:\n  - id: [unclosed\n");
        Http.Response broken = http.post("/admin/api/reload", TOKEN, "");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("errors").get(0).asString()).startsWith("cannot read the configuration");
        assertThat(registry.all()).hasSize(3);

        write("bots: []\n");
        JsonNode emptied = http.post("/admin/api/reload", TOKEN, "").json();
        assertThat(emptied.get("applied").asBoolean()).isTrue();
        assertThat(emptied.get("removed").toString()).isEqualTo("[\"hr\",\"sales\",\"ding\"]");
        assertThat(emptied.get("restartRequired").size()).isZero();
        assertThat(registry.all()).isEmpty();
    }
}
