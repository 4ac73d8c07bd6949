package com.actionbridge.sandbox;

import com.actionbridge.sandbox.SandboxCatalog.Action;
import com.actionbridge.sandbox.SandboxCatalog.App;
import com.actionbridge.sandbox.SandboxCatalog.Field;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's rules that the demo catalog alone does not reach. */
class SandboxPlatformTest {

    private static final String URL = "http://127.0.0.1:1/sandbox";
    private final JsonMapper mapper = JsonMapper.builder().build();

    private final SandboxCatalog catalog = new SandboxCatalog(List.of(
            new App("10", "会议室预订", List.of("会议"), List.of(), null, List.of(
                    new Action("11", "meeting_book", "预订会议室", "预订一间会议室", List.of(
                            new Field("title", "会议主题", "string", true, null),
                            new Field("room", "会议室", "string", true, null),
                            new Field("note", "备注", "string", false, null)), true, null, null, null),
                    new Action("12", "meeting_cancel", "取消会议", "取消一个会议", List.of(), false, null, null, null))),
            new App("20", "webhook 工具", List.of("通知"), List.of(), null, List.of(
                    new Action("21", "hook", "发通知", "发一个通知", List.of(), false, null, null, null)))));
    private final SandboxPlatform platform = new SandboxPlatform(catalog, mapper, Duration.ofMinutes(5), 100);

    @Test
    void severalMissingFieldsAreAnsweredByLabelOrKeyLines() {
        ObjectNode found = start("u1", "帮我预订会议室");
        assertThat(found.get("status").stringValue()).isEqualTo("action_field_required");
        assertThat(found.get("data").get("fields")).hasSize(2);

        ObjectNode one = answer(found, "u1", "会议主题：周会\n无关的一行", "3");
        assertThat(one.get("status").stringValue()).isEqualTo("action_field_required");
        assertThat(one.get("data").get("fields")).hasSize(1);
        assertThat(one.get("data").get("fields").get(0).get("key").stringValue()).isEqualTo("room");

        ObjectNode preview = answer(one, "u1", "room=三楼大会议室", "3");
        assertThat(preview.get("status").stringValue()).isEqualTo("action_preview");
        assertThat(preview.get("data").get("input").get("title").stringValue()).isEqualTo("周会");
        assertThat(preview.get("data").get("input").get("room").stringValue()).isEqualTo("三楼大会议室");

        ObjectNode again = answer(preview, "u1", "再想想", "3");
        assertThat(again.get("status").stringValue()).as("only a confirmation runs it").isEqualTo("action_preview");

        ObjectNode done = answer(again, "u1", "确认", "3");
        assertThat(done.get("status").stringValue()).isEqualTo("action_done");
        assertThat(done.get("data").get("output").isObject()).isTrue();
        assertThat(platform.log(done.get("data").get("log_url").stringValue().replace(URL + "/logs/", "")))
                .isPresent();
    }

    @Test
    void returnAmountBoundsTheCandidatesAndTheFilterExcludesApps() {
        ObjectNode finished = start("u2", "帮我取消会议");
        assertThat(finished.get("status").stringValue()).isEqualTo("action_done");

        ObjectNode bounded = answer(finished, "u2", "会议", "1");
        assertThat(bounded.get("status").stringValue()).isEqualTo("action_found");
        assertThat(bounded.get("data")).hasSize(1);

        ObjectNode both = answer(bounded, "u2", "会议", "3");
        assertThat(both.has("rejected")).as("a choice needs data, not text").isTrue();

        ObjectNode wholeText = start("u2", "预订会议室");
        ObjectNode titled = answer(wholeText, "u2", "会议主题：季度总结", "3");
        ObjectNode plain = answer(titled, "u2", "一楼：小会议室", "3");
        assertThat(plain.get("data").get("input").get("room").stringValue())
                .as("one missing field takes the whole text").isEqualTo("一楼：小会议室");

        ObjectNode notFiltered = start("u2", "发个通知");
        assertThat(notFiltered.get("status").stringValue()).isEqualTo("action_done");
        ObjectNode filtered = v1(notFiltered, "u2", "发个通知", "3", "webhook");
        assertThat(filtered.get("status").stringValue()).isEqualTo("action_not_found");
    }

    @Test
    void anAnswerToAnotherStatusThanTheLastIsRejected() {
        ObjectNode found = start("u3", "会议");
        assertThat(found.get("status").stringValue()).isEqualTo("action_found");
        ObjectNode stale = found.deepCopy();
        stale.put("status", "auth_account_select");

        SandboxPlatform.Outcome outcome = platform.answer(body(stale, "u3", "", "3", ""), URL);

        assertThat(outcome.rejection()).contains("action_found");
    }

    @Test
    void theShippedCatalogLoadsWithEveryDemoApp() throws IOException {
        SandboxCatalog shipped = SandboxCatalog.load(mapper,
                getClass().getClassLoader().getResourceAsStream(SandboxCatalog.RESOURCE));

        assertThat(shipped.apps()).extracting(App::appkey).containsExactly("84", "90", "95", "97", "98");
        assertThat(shipped.search("今天天气怎么样", List.of())).isEmpty();
        assertThat(shipped.search("把你好发送到企业微信群机器人", List.of())).hasSize(2);
        assertThat(shipped.search("把你好发送到企业微信群机器人", List.of("企业微信"))).isEmpty();
        assertThat(shipped.action("84", "198").orElseThrow().action().fields().get(0)
                .extractFrom("把你好发送到企业微信群机器人")).contains("你好");
    }

    private ObjectNode start(String user, String content) {
        ObjectNode body = mapper.createObjectNode().put("user_id", user).put("content", content);
        SandboxPlatform.Outcome outcome = platform.startDialogue(body, URL);
        assertThat(outcome.rejection()).isNull();
        return outcome.data();
    }

    private ObjectNode answer(ObjectNode last, String user, String content, String returnAmount) {
        SandboxPlatform.Outcome outcome = platform.answer(body(last, user, content, returnAmount, ""), URL);
        return outcome.rejection() == null ? outcome.data() : mapper.createObjectNode().put("rejected", true);
    }

    private ObjectNode v1(ObjectNode last, String user, String content, String returnAmount, String filter) {
        SandboxPlatform.Outcome outcome = platform.answer(body(last, user, content, returnAmount, filter), URL);
        assertThat(outcome.rejection()).isNull();
        return outcome.data();
    }

    private ObjectNode body(JsonNode last, String user, String content, String returnAmount, String filter) {
        ObjectNode body = mapper.createObjectNode();
        body.put("chat_id", last.get("chat_id").stringValue());
        body.put("status", last.get("status").stringValue());
        body.put("step", last.get("step").stringValue());
        body.put("user_id", user);
        body.put("return_amount", returnAmount);
        body.put("stream", false);
        body.put("app_name_filter", filter);
        body.put("content", content);
        body.putObject("data");
        return body;
    }
}
