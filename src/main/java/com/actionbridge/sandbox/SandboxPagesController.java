package com.actionbridge.sandbox;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/**
 * The sandbox's browser pages: an overview, the authorise page the {@code auth_url} of {@code auth_required}
 * points to, and the run-log page the {@code log_url} of {@code action_done}/{@code action_error} points to.
 */
@SandboxOnly
@RestController
@RequestMapping(SandboxApiController.BASE)
class SandboxPagesController {

    static final String AUTHORISED_TEXT = "授权成功，回到聊天点击「我已授权，继续」";
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final SandboxPlatform platform;
    private final ObjectMapper mapper;

    SandboxPagesController(SandboxPlatform platform, ObjectMapper mapper) {
        this.platform = platform;
        this.mapper = mapper;
    }

    @GetMapping({"", "/"})
    ResponseEntity<String> overview() {
        StringBuilder body = new StringBuilder("<p>没有配置 AI_ACTION_BASE_URL 时，"
                + "ActionBridge 使用这个内置沙箱。可以试试：把你好发送到企业微信群机器人、帮我创建一个待办、我要请假、"
                + "提交报销单、今天天气怎么样。</p><ul>");
        for (SandboxCatalog.App app : platform.catalog().apps()) {
            body.append("<li>").append(htmlEscape(app.appName())).append(" (appkey ").append(htmlEscape(app.appkey()))
                    .append(")：");
            app.actions().forEach(a -> body.append(htmlEscape(a.actionName())).append(' '));
            body.append("</li>");
        }
        return page(HttpStatus.OK, "AI 动作平台沙箱", body.append("</ul>").toString());
    }

    @GetMapping("/authorize")
    ResponseEntity<String> authorizePage(@RequestParam(name = "user_id", required = false) String userId,
                                         @RequestParam(name = "appkey", required = false) String appkey) {
        SandboxCatalog.App app = authorisable(userId, appkey);
        if (app == null) {
            return page(HttpStatus.NOT_FOUND, "无法授权", "<p>没有这个需要授权的应用，或者缺少 user_id。</p>");
        }
        String already = platform.isAuthorised(userId, appkey) ? "<p>（已经授权过，可以再次授权。）</p>" : "";
        return page(HttpStatus.OK, "授权「" + app.appName() + "」",
                "<p>用户 <b>" + htmlEscape(userId) + "</b> 将授权应用「" + htmlEscape(app.appName()) + "」的账户「"
                        + htmlEscape(app.authorizeAccount().accountName()) + "」给 AI 动作平台沙箱使用。</p>" + already
                        + "<form method=\"post\" action=\"authorize\">"
                        + "<input type=\"hidden\" name=\"user_id\" value=\"" + htmlEscape(userId) + "\">"
                        + "<input type=\"hidden\" name=\"appkey\" value=\"" + htmlEscape(appkey) + "\">"
                        + "<button type=\"submit\">授权</button></form>");
    }

    @PostMapping(path = "/authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> authorize(@RequestParam(name = "user_id", required = false) String userId,
                                     @RequestParam(name = "appkey", required = false) String appkey) {
        if (authorisable(userId, appkey) == null || !platform.authorise(userId, appkey)) {
            return page(HttpStatus.NOT_FOUND, "无法授权", "<p>没有这个需要授权的应用，或者缺少 user_id。</p>");
        }
        return page(HttpStatus.OK, "授权成功", "<p>" + AUTHORISED_TEXT + "</p>");
    }

    @GetMapping("/logs/{id}")
    ResponseEntity<String> log(@PathVariable String id) {
        return platform.log(id).map(run -> page(HttpStatus.OK, "运行日志 " + run.id(),
                        "<table>"
                                + row("动作", run.appName() + " / " + run.actionName())
                                + row("账户", run.accountName() == null ? "（不需要账户）" : run.accountName())
                                + row("用户", run.userId())
                                + row("chat_id", run.chatId())
                                + row("时间", TIME.format(run.at()))
                                + row("结果", run.error() == null ? "成功" : "失败：" + run.error())
                                + "</table><h2>输入</h2><pre>" + htmlEscape(pretty(run.input())) + "</pre>"
                                + (run.output() == null ? ""
                                : "<h2>输出</h2><pre>" + htmlEscape(pretty(run.output())) + "</pre>")))
                .orElseGet(() -> page(HttpStatus.NOT_FOUND, "没有这条运行日志", "<p>日志不存在或已过期。</p>"));
    }

    private SandboxCatalog.App authorisable(String userId, String appkey) {
        if (userId == null || userId.isBlank() || appkey == null) {
            return null;
        }
        return platform.catalog().app(appkey).filter(a -> a.authorizeAccount() != null).orElse(null);
    }

    private String pretty(JsonNode node) {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private static String row(String label, String value) {
        return "<tr><th align=\"left\">" + htmlEscape(label) + "</th><td>" + htmlEscape(value) + "</td></tr>";
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + htmlEscape(title)
                + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:2em auto\">"
                + "<p style=\"color:#888\">AI 动作平台沙箱（ActionBridge 内置，仅用于演示）</p><h1>" + htmlEscape(title)
                + "</h1>" + body + "</body></html>";
        return ResponseEntity.status(status).contentType(HTML).body(html);
    }
}
