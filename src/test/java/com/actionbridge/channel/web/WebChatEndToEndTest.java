package com.actionbridge.channel.web;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.HttpActionClient;
import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.conversation.SessionDirectory;
import com.actionbridge.conversation.SessionKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole dialogues through {@code POST /api/v1/chat} against the embedded sandbox, one per status path, checking
 * the cards and buttons the person sees and the requests that went upstream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "actionbridge.admin.token=" + WebChatEndToEndTest.ADMIN_TOKEN)
class WebChatEndToEndTest {

    static final String ADMIN_TOKEN = "web-chat-e2e-admin-token-0123456789";

    /** Sees every upstream call the engine makes, and passes it on to the real client. */
    static final class RecordingClient implements ActionClient {
        record Call(String userId, String content, ActionRequest request) {
        }

        private final ActionClient real;
        private final List<Call> calls = new ArrayList<>();

        RecordingClient(ActionClient real) {
            this.real = real;
        }

        synchronized List<Call> callsOf(String userId) {
            return calls.stream().filter(c -> c.userId().equals(userId)).toList();
        }

        @Override
        public ActionResult startDialogue(UpstreamProfile profile, String userId, String content)
                throws ActionException {
            synchronized (this) {
                calls.add(new Call(userId, content, null));
            }
            return real.startDialogue(profile, userId, content);
        }

        @Override
        public ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException {
            synchronized (this) {
                calls.add(new Call(request.userId(), request.content(), request));
            }
            return real.answer(profile, request);
        }
    }

    @TestConfiguration
    static class Recording {
        @Bean
        @Primary
        RecordingClient recordingClient(HttpActionClient real) {
            return new RecordingClient(real);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    RecordingClient upstream;
    @Autowired
    SessionDirectory sessions;

    final HttpClient http = HttpClient.newHttpClient();
    final String user = "e2e-" + UUID.randomUUID();

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode chat(String userId, String field, String value) throws Exception {
        String body = JSON.writeValueAsString(Map.of("user_id", userId, field, value));
        HttpResponse<String> response = post("/api/v1/chat", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode reply = JSON.readTree(response.body());
        assertThat(reply.get("replies")).hasSize(1);
        return reply;
    }

    JsonNode say(String text) throws Exception {
        return chat(user, "text", text);
    }

    JsonNode click(JsonNode card, String label) throws Exception {
        return chat(user, "choice", choice(card, label));
    }

    static JsonNode card(JsonNode reply) {
        return reply.get("replies").get(0);
    }

    static String choice(JsonNode card, String label) {
        for (JsonNode button : card.get("buttons")) {
            if (button.get("label").stringValue().equals(label) && button.has("choice")) {
                return button.get("choice").stringValue();
            }
        }
        throw new AssertionError("no button " + label + " on " + card);
    }

    static List<String> labels(JsonNode card) {
        List<String> labels = new ArrayList<>();
        card.get("buttons").forEach(b -> labels.add(b.get("label").stringValue()));
        return labels;
    }

    static String url(JsonNode card, String label) {
        for (JsonNode button : card.get("buttons")) {
            if (button.get("label").stringValue().equals(label) && button.has("url")) {
                return button.get("url").stringValue();
            }
        }
        throw new AssertionError("no link " + label + " on " + card);
    }

    static Map<String, String> fields(JsonNode card) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        card.get("fields").forEach(f -> fields.put(f.get("label").stringValue(), f.get("value").stringValue()));
        return fields;
    }

    List<RecordingClient.Call> flow() {
        return upstream.callsOf("web:" + user);
    }

    @Test
    void actionFoundThenAccountSelectThenDone() throws Exception {
        JsonNode found = card(say("把你好发送到企业微信群机器人"));
        assertThat(found.get("status").stringValue()).isEqualTo("action_found");
        assertThat(labels(found)).containsExactly("发送文本消息", "发送Markdown消息");
        assertThat(found.get("buttons").get(1).get("number").intValue()).isEqualTo(2);

        JsonNode picked = click(found, "发送文本消息");
        assertThat(picked.get("chosen").stringValue()).isEqualTo("发送文本消息");
        JsonNode accounts = card(picked);
        assertThat(accounts.get("status").stringValue()).isEqualTo("auth_account_select");
        assertThat(labels(accounts)).containsExactly("AI-action测试1", "AI-action测试2");

        JsonNode someoneElse = chat("intruder-" + user, "choice", choice(accounts, "AI-action测试1"));
        assertThat(someoneElse.get("chosen").isNull()).isTrue();
        assertThat(card(someoneElse).get("status").stringValue()).isEqualTo("notice");

        JsonNode ran = click(accounts, "AI-action测试2");
        assertThat(ran.get("chosen").stringValue()).isEqualTo("AI-action测试2");
        JsonNode done = card(ran);
        assertThat(done.get("status").stringValue()).isEqualTo("action_done");
        assertThat(done.get("title").stringValue()).isEqualTo("执行成功");
        assertThat(done.get("text").stringValue()).contains("**发送文本消息** 已执行完成");
        assertThat(fields(done)).containsEntry("sendrst", "是");
        String log = url(done, "查看执行日志");
        assertThat(log).startsWith("http://127.0.0.1:" + port + "/sandbox/logs/");
        HttpResponse<String> logPage = http.send(HttpRequest.newBuilder(URI.create(log)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logPage.statusCode()).isEqualTo(200);
        assertThat(logPage.body()).contains("AI-action测试2", "你好");

        JsonNode reused = click(accounts, "AI-action测试1");
        assertThat(reused.get("chosen").isNull()).isTrue();
        assertThat(card(reused).get("text").stringValue()).contains("这张卡片已失效");

        List<RecordingClient.Call> calls = flow();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).request()).as("v2 first").isNull();
        assertThat(calls.get(0).content()).isEqualTo("把你好发送到企业微信群机器人");
        ActionRequest pick = calls.get(1).request();
        assertThat(pick.status()).isEqualTo("action_found");
        assertThat(pick.step()).isEqualTo("ACTION_PREPARE");
        assertThat(pick.data().actionkey()).isEqualTo("198");
        assertThat(pick.content()).isEqualTo("把你好发送到企业微信群机器人");
        ActionRequest account = calls.get(2).request();
        assertThat(account.status()).isEqualTo("auth_account_select");
        assertThat(account.chatId()).isEqualTo(pick.chatId());
        assertThat(account.data().accountId()).isEqualTo(187611L);
        assertThat(account.data().accountName()).isEqualTo("AI-action测试2");
    }

    @Test
    void typedNumbersPickOptions() throws Exception {
        say("把你好发送到企业微信群机器人");
        JsonNode picked = say("2");
        assertThat(picked.get("chosen").stringValue()).isEqualTo("发送Markdown消息");
        assertThat(card(picked).get("status").stringValue()).isEqualTo("auth_account_select");
        JsonNode done = card(say("1"));
        assertThat(done.get("status").stringValue()).isEqualTo("action_done");
        assertThat(flow().get(1).request().data().actionkey()).isEqualTo("199");
        assertThat(flow().get(2).request().data().accountId()).isEqualTo(187610L);
    }

    @Test
    void authRequiredThenAuthoriseThenFieldRequiredThenDone() throws Exception {
        JsonNode auth = card(say("帮我创建一个待办"));
        assertThat(auth.get("status").stringValue()).isEqualTo("auth_required");
        assertThat(auth.get("title").stringValue()).isEqualTo("需要授权");
        assertThat(labels(auth)).containsExactly("去授权", "我已授权，继续");
        String authUrl = url(auth, "去授权");
        assertThat(authUrl).startsWith("http://127.0.0.1:" + port + "/sandbox/authorize?");

        JsonNode tooEarly = card(click(auth, "我已授权，继续"));
        assertThat(tooEarly.get("status").stringValue()).as("not authorised yet").isEqualTo("auth_required");
        assertThat(tooEarly.get("text").stringValue()).as("says what is missing and how to leave")
                .startsWith("> 还没有检测到授权").contains("去授权", "重新开始");
        assertThat(labels(tooEarly)).containsExactly("去授权", "我已授权，继续", "重新开始");

        Map<String, String> query = UriComponentsBuilder.fromUriString(authUrl).build().getQueryParams()
                .toSingleValueMap().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
        assertThat(query).containsEntry("user_id", "web:" + user).containsEntry("appkey", "90");
        String form = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> authorised = post("/sandbox/authorize", "application/x-www-form-urlencoded", form);
        assertThat(authorised.statusCode()).isEqualTo(200);

        JsonNode continued = click(tooEarly, "我已授权，继续");
        assertThat(continued.get("chosen").stringValue()).isEqualTo("我已授权，继续");
        JsonNode field = card(continued);
        assertThat(field.get("status").stringValue()).isEqualTo("action_field_required");
        assertThat(field.get("text").stringValue()).contains("**创建待办**", "待办标题");
        assertThat(fields(field)).containsExactly(Map.entry("待办标题", "必填"));
        assertThat(field.get("buttons")).isEmpty();

        JsonNode done = card(say("写周报"));
        assertThat(done.get("status").stringValue()).isEqualTo("action_done");
        assertThat(fields(done)).containsEntry("created", "是");

        List<RecordingClient.Call> calls = flow();
        assertThat(calls).extracting(c -> c.request() == null ? "v2" : c.request().status())
                .containsExactly("v2", "auth_required", "auth_required", "action_field_required");
        assertThat(calls.get(3).content()).isEqualTo("写周报");
        assertThat(calls.get(3).request().data().actionkey()).isEqualTo("301");
    }

    @Test
    void previewConfirmRunsAndCancelSendsNothing() throws Exception {
        JsonNode preview = card(say("我要请假"));
        assertThat(preview.get("status").stringValue()).isEqualTo("action_preview");
        assertThat(labels(preview)).containsExactly("确认执行", "取消");
        assertThat(fields(preview)).containsEntry("reason", "我要请假");

        JsonNode confirmed = click(preview, "确认执行");
        assertThat(confirmed.get("chosen").stringValue()).isEqualTo("确认执行");
        JsonNode done = card(confirmed);
        assertThat(done.get("status").stringValue()).isEqualTo("action_done");
        assertThat(fields(done)).containsEntry("approval_status", "审批中");
        assertThat(flow().get(1).request().content()).isEqualTo("确认");
        assertThat(flow().get(1).request().status()).isEqualTo("action_preview");

        JsonNode again = card(say("我要请假"));
        int before = flow().size();
        JsonNode cancelled = click(again, "取消");
        assertThat(cancelled.get("chosen").stringValue()).isEqualTo("取消");
        assertThat(card(cancelled).get("text").stringValue()).contains("已取消");
        assertThat(flow()).hasSize(before);
    }

    @Test
    void actionErrorShowsTheReasonAndStartsOver() throws Exception {
        JsonNode error = card(say("提交报销单"));
        assertThat(error.get("status").stringValue()).isEqualTo("action_error");
        assertThat(error.get("title").stringValue()).isEqualTo("执行失败");
        String text = error.get("text").stringValue();
        assertThat(text).startsWith("**提交报销单** 执行失败：财务系统拒绝了这张报销单").contains("重新开始");
        assertThat(text.split("财务系统拒绝了这张报销单", -1)).as("the reason is shown once").hasSize(2);
        assertThat(labels(error)).containsExactly("重新开始", "查看执行日志");

        JsonNode restarted = click(error, "重新开始");
        assertThat(restarted.get("chosen").stringValue()).isEqualTo("重新开始");
        assertThat(card(restarted).get("text").stringValue()).contains("已重新开始");
        assertThat(sessions.reset(new SessionKey("web", "web:" + user, user))).as("the session is gone").isFalse();
        assertThat(flow()).hasSize(1);
    }

    @Test
    void notFoundShowsTheDescriptionAndAHint() throws Exception {
        JsonNode card = card(say("今天天气怎么样"));
        assertThat(card.get("status").stringValue()).isEqualTo("action_not_found");
        assertThat(card.get("title").stringValue()).isEqualTo("没有找到匹配的动作");
        assertThat(card.get("text").stringValue()).contains("今天天气怎么样", "换个说法试试");
        assertThat(card.get("text").stringValue().split("换个说法", -1)).as("the hint is shown once").hasSize(2);
        assertThat(card.get("buttons")).isEmpty();

        JsonNode next = card(say("我要请假"));
        assertThat(next.get("status").stringValue()).as("a closed dialogue: the next text starts anew")
                .isEqualTo("action_preview");
        assertThat(flow()).allSatisfy(c -> assertThat(c.request()).isNull());
    }

    @Test
    void helpResetAndUnknownTokens() throws Exception {
        JsonNode help = card(say("帮助"));
        assertThat(help.get("status").stringValue()).isEqualTo("help");
        JsonNode unknown = chat(user, "choice", "AAAAAAAAAAAAAAAA");
        assertThat(unknown.get("chosen").isNull()).isTrue();
        assertThat(card(unknown).get("status").stringValue()).isEqualTo("notice");
        say("帮我创建一个待办");
        assertThat(card(say("/reset")).get("text").stringValue()).contains("已重新开始");
        assertThat(flow()).hasSize(1);
    }

    @Test
    void anOldCardsButtonsStayDeadAfterARestartOrAnAdminReset() throws Exception {
        JsonNode leave = card(say("我要请假"));
        assertThat(card(say("重新开始")).get("text").stringValue()).contains("已重新开始");
        JsonNode purchase = card(say("我要采购一台电脑"));
        assertThat(purchase.get("status").stringValue()).isEqualTo("action_preview");
        assertThat(purchase.get("buttons").get(0).get("number").intValue()).as("numbering starts again").isEqualTo(1);

        JsonNode old = click(leave, "确认执行");
        assertThat(old.get("chosen").isNull()).isTrue();
        assertThat(card(old).get("status").stringValue()).isEqualTo("notice");
        assertThat(card(old).get("text").stringValue()).contains("这张卡片已失效");
        assertThat(old.get("expired").stringValue()).as("the page greys the old card out").isEqualTo("此卡片已失效");

        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/admin/api/sessions?bot=web&conversation=" + URLEncoder.encode("web:" + user,
                        StandardCharsets.UTF_8) + "&person=" + URLEncoder.encode("web:" + user, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        card(say("我要请假"));
        JsonNode older = click(purchase, "确认执行");
        assertThat(card(older).get("text").stringValue()).contains("这张卡片已失效");

        assertThat(flow()).as("only the three requests went upstream, no confirmation")
                .extracting(RecordingClient.Call::request).containsOnlyNulls().hasSize(3);
    }

    @Test
    void newWordsLeaveACardThatWaitsForAButton() throws Exception {
        JsonNode auth = card(say("帮我创建一个待办"));
        assertThat(auth.get("status").stringValue()).isEqualTo("auth_required");
        JsonNode preview = card(say("我要请假"));
        assertThat(preview.get("status").stringValue()).as("a new request, not an answer to the authorise card")
                .isEqualTo("action_preview");
        assertThat(preview.get("text").stringValue()).startsWith("> 已开始新的请求（上一张卡片已失效）");
        JsonNode again = card(say("帮我创建一个待办"));
        assertThat(again.get("status").stringValue()).as("a new request, not an answer to the preview")
                .isEqualTo("auth_required");
        assertThat(again.get("text").stringValue()).startsWith("> 已开始新的请求");
        assertThat(flow()).extracting(RecordingClient.Call::request).containsOnlyNulls().hasSize(3);
    }

    @Test
    void aConfirmationRefusedWithCode4000IsFinal() throws Exception {
        JsonNode preview = card(say("我要采购一台电脑"));
        assertThat(fields(preview)).containsEntry("item", "一台电脑");
        JsonNode refused = card(click(preview, "确认执行"));
        assertThat(refused.get("status").stringValue()).isEqualTo("upstream_error");
        assertThat(refused.get("text").stringValue()).contains("本季度采购预算已用完", "重试也不会成功");
        assertThat(labels(refused)).containsExactly("重新开始");
        assertThat(card(click(refused, "重新开始")).get("text").stringValue()).contains("已重新开始");
        assertThat(flow()).hasSize(2);
    }

    @Test
    void theChatPageIsServed() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ActionBridge", "chat.js");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/chat.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("api/v1/chat", "escapeHtml");
    }
}
