package com.actionbridge.sandbox;

import com.actionbridge.ActionBridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox never answers real people by accident: configured bots without an upstream need the explicit switch,
 * and whenever the sandbox answers, every card says it is a demo (演示环境).
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxSwitchTest {

    private static final String[] WECOM_BOT = {"--bots[0].id=hr", "--bots[0].platform=wecom",
            "--bots[0].corp-id=ww-sandbox", "--bots[0].agent-id=1000002", "--bots[0].secret=sandbox-app-secret",
            "--bots[0].token=sandboxtoken", "--bots[0].aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            "--bots[0].api-base-url=http://127.0.0.1:9", "--bots[0].web-chat=true"};

    @Test
    void botsWithoutAnUpstreamDoNotStartWithoutTheSwitch(CapturedOutput output) {
        SpringApplication app = new SpringApplication(ActionBridgeApplication.class);
        assertThatThrownBy(() -> app.run(args()))
                .hasStackTraceContaining("so the embedded sandbox would answer the people of the configured bots (hr)")
                .hasStackTraceContaining("actionbridge.upstream.sandbox: true");
        assertThat(output.getAll()).contains("actionbridge.upstream.sandbox: true").doesNotContain("sandbox-app-secret");
    }

    @Test
    void withTheSwitchEveryCardOfEveryBotSaysItIsADemo() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplication(ActionBridgeApplication.class)
                .run(args("--actionbridge.upstream.sandbox=true"))) {
            int port = app.getEnvironment().getProperty("local.server.port", Integer.class);
            assertEveryCardIsADemo(port, "hr");
            assertEveryCardIsADemo(port, null);
        }
    }

    @Test
    void withoutBotsTheSandboxStartsAsIsAndItsCardsSayItIsADemo() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplication(ActionBridgeApplication.class)
                .run("--server.port=0", "--actionbridge.admin.token=")) {
            int port = app.getEnvironment().getProperty("local.server.port", Integer.class);
            assertEveryCardIsADemo(port, null);
        }
    }

    private static String[] args(String... more) {
        String[] all = new String[WECOM_BOT.length + 2 + more.length];
        all[0] = "--server.port=0";
        all[1] = "--actionbridge.admin.token=";
        System.arraycopy(WECOM_BOT, 0, all, 2, WECOM_BOT.length);
        System.arraycopy(more, 0, all, 2 + WECOM_BOT.length, more.length);
        return all;
    }

    /** A request to a preview, then confirmed: every card on the way ends with the demo line. */
    private static void assertEveryCardIsADemo(int port, String botId) throws Exception {
        String bot = botId == null ? "" : ",\"bot_id\":\"" + botId + "\"";
        JsonNode first = chat(port, "{\"user_id\":\"demo-" + botId + "\",\"text\":\"我要请假\"" + bot + "}");
        JsonNode replies = first.get("replies");
        assertThat(replies.size()).isPositive();
        String choice = null;
        for (JsonNode card : replies) {
            assertThat(card.get("text").asString()).contains("演示环境");
            if (card.get("buttons").size() > 0) {
                choice = card.get("buttons").get(0).get("choice").asString();
            }
        }
        assertThat(choice).isNotNull();
        JsonNode next = chat(port, "{\"user_id\":\"demo-" + botId + "\",\"choice\":\"" + choice + "\"" + bot + "}");
        for (JsonNode card : next.get("replies")) {
            assertThat(card.get("text").asString()).contains("演示环境");
        }
        assertThat(chat(port, "{\"user_id\":\"demo-" + botId + "\",\"text\":\"帮助\"" + bot + "}").get("replies").get(0)
                .get("text").asString()).contains("演示环境");
    }

    private static JsonNode chat(int port, String json) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/chat")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JsonMapper.builder().build().readTree(r.body());
        }
    }
}
