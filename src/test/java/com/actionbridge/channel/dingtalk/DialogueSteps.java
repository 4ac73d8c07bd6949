package com.actionbridge.channel.dingtalk;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person going for "done" does on DingTalk's cards, read off the requests the fake DingTalk recorded. */
final class DialogueSteps {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DialogueSteps() {
    }

    /** Interactive cards delivered into a space ({@code IM_ROBOT.<staffId>} or {@code IM_GROUP.<conversationId>}). */
    static List<JsonNode> cardsTo(FakeDingTalk fake, String spaceId) {
        List<JsonNode> cards = new ArrayList<>();
        for (FakeDingTalk.Request r : fake.requests("/v1.0/card/instances/createAndDeliver")) {
            JsonNode body = r.json();
            if (body.path("openSpaceId").asString().endsWith(spaceId)) {
                cards.add(body);
            }
        }
        return cards;
    }

    static JsonNode params(JsonNode card) {
        return card.path("cardData").path("cardParamMap");
    }

    static JsonNode buttons(JsonNode card) {
        return FakeDingTalk.JSON.readTree(params(card).path("buttons").asString());
    }

    /** The interactive-card button a person going for "done" presses: confirm, else the first choice. */
    static JsonNode forward(JsonNode buttons) {
        JsonNode pick = null;
        for (JsonNode b : buttons) {
            if (!b.has("token")) {
                continue;
            }
            if (b.path("label").asString().contains("确认")) {
                return b;
            }
            if (pick == null && !b.path("label").asString().contains("取消")) {
                pick = b;
            }
        }
        return pick;
    }

    /** The text a person's DingTalk sends when they click the action card's forward button (its dtmd link). */
    static String command(JsonNode actionCard) {
        JsonNode pick = null;
        for (JsonNode b : actionCard.path("btns")) {
            String url = b.path("actionURL").asString();
            if (!url.startsWith("dtmd://")) {
                continue;
            }
            if (b.path("title").asString().contains("确认")) {
                pick = b;
                break;
            }
            if (pick == null && !b.path("title").asString().contains("取消")) {
                pick = b;
            }
        }
        assertThat(pick).as("a choice button in " + actionCard).isNotNull();
        String url = pick.path("actionURL").asString();
        return URLDecoder.decode(url.substring(url.indexOf("content=") + 8), StandardCharsets.UTF_8);
    }

    /** POSTs a bot message to an HTTP-mode bot's callback, signed with its app secret; returns the status. */
    /** Posts a signed callback as DingTalk would to the bot {@code botId}, whose client id (robot code) is client-{@code botId}. */
    static int signedPost(int port, String botId, String appSecret, String body)
            throws IOException, InterruptedException {
        return signedPost(port, botId, appSecret, body, String.valueOf(System.currentTimeMillis()));
    }

    /** The same, signed for the timestamp {@code ts} (epoch millis). */
    static int signedPost(int port, String botId, String appSecret, String body, String ts)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/callback/dingtalk/" + botId))
                .header("Content-Type", "application/json").header("timestamp", ts)
                .header("sign", CallbackSignature.sign(ts, appSecret))
                .POST(HttpRequest.BodyPublishers.ofString(DingTalkFixtures.to("client-" + botId, body))).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
