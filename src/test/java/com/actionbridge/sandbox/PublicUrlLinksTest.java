package com.actionbridge.sandbox;

import com.actionbridge.PublicUrl;
import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.UpstreamProfiles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With {@code actionbridge.public-url} set, every link the bridge makes starts with it, not with 127.0.0.1. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "actionbridge.public-url=https://bridge.example.com/")
class PublicUrlLinksTest {

    @LocalServerPort
    int port;
    @Autowired
    ActionClient client;
    @Autowired
    UpstreamProfiles profiles;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theAuthoriseLinkOnTheWebChatCardUsesThePublicUrl() throws Exception {
        String body = "{\"user_id\":\"pub-" + run + "\",\"text\":\"帮我创建一个待办\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/chat"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode card = JsonMapper.builder().build().readTree(response.body()).path("replies").get(0);
        assertThat(card.path("status").asString()).isEqualTo("auth_required");
        assertThat(card.path("buttons").findValuesAsString("url"))
                .anySatisfy(url -> assertThat(url).startsWith("https://bridge.example.com/sandbox/authorize?"))
                .noneSatisfy(url -> assertThat(url).contains("127.0.0.1"));
    }

    @Test
    void theRunLogLinkUsesThePublicUrl() throws Exception {
        String user = "web:pub-" + run;
        ActionResult preview = client.startDialogue(profiles.forBot("web"), user, "我要请假");
        ActionData leave = new ActionData("95", "401", "请假审批", "提交请假申请", "", null, null);

        ActionResult done = client.answer(profiles.forBot("web"), new ActionRequest(preview.chatId(),
                preview.status(), preview.step(), user, "确认", leave));

        assertThat(done.status()).isEqualTo("action_done");
        assertThat(done.data().get("log_url").stringValue()).startsWith("https://bridge.example.com/sandbox/logs/");
    }

    @Test
    void aPublicUrlThatIsNotAnHttpAddressIsRefused() {
        assertThatThrownBy(() -> new PublicUrl("bridge.example.com")).hasMessageContaining("actionbridge.public-url");
        assertThatThrownBy(() -> new PublicUrl("https://bridge.example.com/?x=1"))
                .hasMessageContaining("actionbridge.public-url");
        assertThat(new PublicUrl(" https://bridge.example.com/base/ ").publicUrl())
                .isEqualTo("https://bridge.example.com/base");
    }
}
