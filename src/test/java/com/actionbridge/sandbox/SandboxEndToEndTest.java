package com.actionbridge.sandbox;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionData;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.UpstreamLocation;
import com.actionbridge.action.UpstreamProfile;
import com.actionbridge.action.UpstreamProfiles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The real client against the embedded sandbox, through every status path of the demo catalog. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxEndToEndTest {

    @LocalServerPort
    int port;
    @Autowired
    ActionClient client;
    @Autowired
    UpstreamProfiles profiles;
    @Autowired
    UpstreamLocation location;
    @Autowired
    SandboxToken token;
    @Autowired
    ObjectMapper mapper;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Unique per run: authorisations are per user and outlive a test when the context is shared. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private String user(String name) {
        return "web:" + name + "-" + run;
    }

    private UpstreamProfile profile() {
        return profiles.forBot("web");
    }

    @Test
    void theClientTalksToTheSandboxOnThisServersPortWithTheSandboxToken() {
        assertThat(location.sandbox()).isTrue();
        assertThat(location.baseUrl()).hasToString("http://127.0.0.1:" + port + "/sandbox");
        assertThat(profile().token()).isEqualTo(token.value());
        assertThat(profiles.forBot("no-such-bot").token()).isEqualTo(token.value());
    }

    @Test
    void aRequestMatchingNothingIsNotFound() throws Exception {
        ActionResult result = client.startDialogue(profile(), user("nobody"), "今天天气怎么样");

        assertThat(result.status()).isEqualTo("action_not_found");
        assertThat(result.chatId()).isNotBlank();
        assertThat(result.description()).contains("今天天气怎么样");
        assertThat(result.data().isNull()).isTrue();
    }

    @Test
    void sendingATextGoesThroughActionFoundAndAccountSelectToDone() throws Exception {
        String user = user("alice");
        String request = "把你好发送到企业微信群机器人";
        ActionResult found = client.startDialogue(profile(), user, request);

        assertThat(found.status()).isEqualTo("action_found");
        assertThat(found.step()).isEqualTo("ACTION_PREPARE");
        assertThat(found.data().isArray()).isTrue();
        assertThat(texts(found.data(), "actionkey")).containsExactly("198", "199");
        JsonNode first = found.data().get(0);
        assertThat(first.get("appkey").stringValue()).isEqualTo("84");
        assertThat(first.get("actionType").stringValue()).isEqualTo("action");

        ActionData chosen = new ActionData("84", "198", "企业微信群机器人", "发送文本消息",
                first.get("description").stringValue(), null, null);
        ActionResult select = client.answer(profile(), echo(found, user, request, chosen));

        assertThat(select.status()).isEqualTo("auth_account_select");
        assertThat(select.step()).isEqualTo("ACTION_CONFIG");
        assertThat(select.chatId()).isEqualTo(found.chatId());
        JsonNode accounts = select.data().get("accounts");
        assertThat(accounts.get(0).get("account_id").isIntegralNumber()).isTrue();
        assertThat(texts(accounts, "account_name")).containsExactly("AI-action测试1", "AI-action测试2");

        ActionResult done = client.answer(profile(), echo(select, user, request,
                chosen.withAccount(187610L, "AI-action测试1")));

        assertThat(done.status()).isEqualTo("action_done");
        assertThat(done.step()).isEqualTo("ACTION_RUN");
        assertThat(done.data().get("input").get("content").stringValue()).isEqualTo("你好");
        assertThat(done.data().get("output").get("sendrst").booleanValue()).isTrue();
        String logUrl = done.data().get("log_url").stringValue();
        assertThat(logUrl).startsWith("http://127.0.0.1:" + port + "/sandbox/logs/");
        HttpResponse<String> logPage = get(logUrl);
        assertThat(logPage.statusCode()).isEqualTo(200);
        assertThat(logPage.body()).contains("发送文本消息").contains("AI-action测试1").contains("你好")
                .contains("sendrst");

        ActionException afterEnd = catchThrowableOfType(ActionException.class,
                () -> client.answer(profile(), echo(select, user, request, chosen)));
        assertThat(afterEnd.kind()).isEqualTo(ActionException.Kind.REJECTED);
        assertThat(afterEnd.code()).isEqualTo(4000);
    }

    @Test
    void namingTheActionSkipsTheChoiceAndAnUnofferedAccountIsRejected() throws Exception {
        String user = user("bob");
        String request = "将你好发送到企业微信群机器人的发送文本消息";
        ActionResult select = client.startDialogue(profile(), user, request);
        assertThat(select.status()).isEqualTo("auth_account_select");

        ActionData chosen = new ActionData("84", "198", "企业微信群机器人", "发送文本消息", "", 999L, "nobody");
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> client.answer(profile(), echo(select, user, request, chosen)));

        assertThat(e.kind()).isEqualTo(ActionException.Kind.REJECTED);
        assertThat(e.upstreamMessage()).contains("999");
    }

    @Test
    void aTodoNeedsAuthorisationOnTheLocalPageThenItsMissingField() throws Exception {
        String user = user("carol");
        String request = "帮我创建一个待办";
        ActionResult auth = client.startDialogue(profile(), user, request);

        assertThat(auth.status()).isEqualTo("auth_required");
        String authUrl = auth.data().get("auth_url").stringValue();
        assertThat(authUrl).startsWith("http://127.0.0.1:" + port + "/sandbox/authorize?");
        ActionData todo = new ActionData("90", "301", "钉钉待办", "创建待办", "在钉钉中创建一条待办", null, null);

        ActionResult stillAuth = client.answer(profile(), echo(auth, user, request, todo));
        assertThat(stillAuth.status()).isEqualTo("auth_required");

        HttpResponse<String> page = get(authUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"").contains("<button").contains("钉钉待办");
        HttpResponse<String> authorised = postForm("/sandbox/authorize", user, "90");
        assertThat(authorised.statusCode()).isEqualTo(200);
        assertThat(authorised.body()).contains("授权成功，回到聊天点击「我已授权，继续」");

        ActionResult fields = client.answer(profile(), echo(stillAuth, user, request, todo));
        assertThat(fields.status()).isEqualTo("action_field_required");
        JsonNode field = fields.data().get("fields").get(0);
        assertThat(field.get("key").stringValue()).isEqualTo("title");
        assertThat(field.get("label").stringValue()).isEqualTo("待办标题");
        assertThat(field.get("required").booleanValue()).isTrue();

        ActionResult done = client.answer(profile(), echo(fields, user, "买牛奶",
                todo.withAccount(190001L, "钉钉沙箱账户")));
        assertThat(done.status()).isEqualTo("action_done");
        assertThat(done.data().get("input").get("title").stringValue()).isEqualTo("买牛奶");

        ActionResult otherPerson = client.startDialogue(profile(), user("dave"), request);
        assertThat(otherPerson.status()).as("authorisations are per user").isEqualTo("auth_required");
    }

    @Test
    void aLeaveRequestIsPreviewedThenRunOnConfirmation() throws Exception {
        String user = user("erin");
        ActionResult preview = client.startDialogue(profile(), user, "我要请假");

        assertThat(preview.status()).isEqualTo("action_preview");
        assertThat(preview.data().get("appkey").stringValue()).isEqualTo("95");
        assertThat(preview.data().get("input").get("reason").stringValue()).isEqualTo("我要请假");

        ActionData leave = new ActionData("95", "401", "请假审批", "提交请假申请", "", null, null);
        ActionResult done = client.answer(profile(), echo(preview, user, "确认", leave));

        assertThat(done.status()).isEqualTo("action_done");
        assertThat(done.data().get("output").get("approval_status").stringValue()).isEqualTo("审批中");
    }

    @Test
    void anExpenseClaimAlwaysFails() throws Exception {
        ActionResult error = client.startDialogue(profile(), user("frank"), "提交报销单");

        assertThat(error.status()).isEqualTo("action_error");
        assertThat(error.data().get("error").stringValue()).isNotBlank();
        assertThat(error.data().get("actionName").stringValue()).isEqualTo("提交报销单");
        assertThat(error.description()).contains(error.data().get("error").stringValue());
        assertThat(get(error.data().get("log_url").stringValue()).body()).contains("失败");

        ActionResult again = client.answer(profile(), echo(error, user("frank"), "今天天气怎么样", null));
        assertThat(again.status()).as("a finished dialogue takes a new request").isEqualTo("action_not_found");
        assertThat(again.chatId()).isEqualTo(error.chatId());
    }

    @Test
    void aWrongTokenIsRefusedWith401() {
        UpstreamProfile wrong = new UpstreamProfile("not-the-sandbox-token", 3, "");

        ActionException e = catchThrowableOfType(ActionException.class,
                () -> client.startDialogue(wrong, user("mallory"), "我要请假"));

        assertThat(e.kind()).isEqualTo(ActionException.Kind.UNAUTHORIZED);
        assertThat(e.code()).isEqualTo(401);
    }

    @Test
    void invalidInputIsRejectedWithCode4000() throws Exception {
        ActionException unknown = catchThrowableOfType(ActionException.class, () -> client.answer(profile(),
                new ActionRequest("sbx-unknown", "action_found", "ACTION_PREPARE", user("x"), "hi", null)));
        assertThat(unknown.kind()).isEqualTo(ActionException.Kind.REJECTED);
        assertThat(unknown.code()).isEqualTo(4000);
        assertThat(unknown.upstreamMessage()).contains("chat_id");

        ActionException noChat = catchThrowableOfType(ActionException.class, () -> client.answer(profile(),
                new ActionRequest(null, "action_found", "ACTION_PREPARE", user("x"), "hi", null)));
        assertThat(noChat.code()).isEqualTo(4000);
        assertThat(noChat.upstreamMessage()).isEqualTo("chat_id 不能为空");

        ActionResult found = client.startDialogue(profile(), user("grace"), "发送");
        ActionException otherUser = catchThrowableOfType(ActionException.class,
                () -> client.answer(profile(), echo(found, user("heidi"), "发送", null)));
        assertThat(otherUser.upstreamMessage()).contains("user_id");

        assertThat(rawV1("{\"status\":\"action_found\"}").get("Msg").stringValue()).contains("chat_id");
        String numericAmount = """
                {"chat_id":"%s","status":"action_found","step":"ACTION_PREPARE","user_id":"%s",
                 "return_amount":3,"stream":false,"app_name_filter":"","content":"发送","data":{}}"""
                .formatted(found.chatId(), user("grace"));
        JsonNode rejected = rawV1(numericAmount);
        assertThat(rejected.get("Code").intValue()).isEqualTo(4000);
        assertThat(rejected.get("Msg").stringValue()).contains("return_amount");
        assertThat(rawV1("not json").get("Code").intValue()).isEqualTo(4000);
    }

    private static ActionRequest echo(ActionResult last, String user, String content, ActionData data) {
        return new ActionRequest(last.chatId(), last.status(), last.step(), user, content, data);
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).stringValue()).toList();
    }

    private JsonNode rawV1(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/sandbox/v1/api/AI-action/ai_actions"))
                .header("Authorization", "bearer " + token.value())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, String user, String appkey)
            throws IOException, InterruptedException {
        String form = "user_id=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&appkey="
                + URLEncoder.encode(appkey, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
