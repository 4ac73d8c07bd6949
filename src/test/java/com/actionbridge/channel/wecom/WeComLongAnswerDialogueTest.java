package com.actionbridge.channel.wecom;

import com.actionbridge.action.FakeUpstream;
import com.actionbridge.conversation.LongAnswers;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static com.actionbridge.channel.wecom.FakeWeComApi.SEND;
import static com.actionbridge.channel.wecom.FakeWeComApi.UPDATE_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long answer through WeCom, end to end: signed callbacks in, WxJava sending to a fake WeCom API out, an HTTP
 * upstream answering a 100 KB description or 5,000 actions. The person reads it all with 更多, typed or clicked,
 * and every message stays within WeCom's limit; the upstream is asked once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeComLongAnswerDialogueTest {

    static final FakeWeComApi API = FakeWeComApi.start();
    static final FakeUpstream UPSTREAM = upstream();

    private static FakeUpstream upstream() {
        try {
            return new FakeUpstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        WeComCallbackClient.registerOps(registry, API::baseUrl);
        registry.add("actionbridge.upstream.base-url", UPSTREAM::baseUrl);
        registry.add("actionbridge.upstream.token", () -> "upstream-token");
        // Reading ~90 pages in a few seconds is faster than the per-person limit allows a real reader.
        registry.add("actionbridge.rate-limit.per-minute", () -> "0");
    }

    @LocalServerPort
    int port;

    WeComCallbackClient wecom;

    @AfterAll
    static void stop() {
        API.close();
        UPSTREAM.close();
    }

    @BeforeEach
    void setUp() {
        wecom = new WeComCallbackClient(port);
        API.reset();
    }

    private List<JsonObject> sendsTo(String user) {
        return API.requests(SEND).stream().map(FakeWeComApi.Request::json)
                .filter(j -> j.get("touser").getAsString().equals(user)).toList();
    }

    /** Waits for {@code count} sends to the person and returns the last. */
    private JsonObject awaitSends(String user, int count) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(20))
                .until(() -> sendsTo(user).size() >= count);
        return sendsTo(user).get(count - 1);
    }

    private static String markdown(JsonObject send) {
        return send.getAsJsonObject("markdown").get("content").getAsString();
    }

    /** A page's own text in a markdown send: after the title line, before the "…" and the page's note. */
    private static String pageText(String markdown) {
        String body = markdown.substring(markdown.indexOf('\n') + 1);
        int note = body.lastIndexOf("\n\n> ");
        body = body.substring(0, note);
        return body.endsWith("\n\n…") ? body.substring(0, body.length() - 3) : body;
    }

    private static String withoutSpace(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void aHundredKilobyteDescriptionIsReadToTheEndWithTypedMore() throws Exception {
        UPSTREAM.then(FakeUpstream.ok(LongAnswers.answer(LongAnswers.Kind.LONG_DESCRIPTION).raw().toString()));
        int upstreamCalls = UPSTREAM.received().size();
        wecom.post("ops", WeComCallbackClient.text("dora", 7001, "发送一份长报告"));
        StringBuilder read = new StringBuilder();
        String last = markdown(awaitSends("dora", 1));
        read.append(pageText(last));
        int pages = 1;
        long msgId = 7002;
        while (!last.contains("内容已全部显示")) {
            assertThat(last).contains("回复「更多」");
            wecom.post("ops", WeComCallbackClient.text("dora", msgId++, "更多"));
            last = markdown(awaitSends("dora", ++pages));
            read.append(pageText(last));
        }
        assertThat(pages).isGreaterThan(50);
        assertThat(sendsTo("dora")).allSatisfy(send -> assertThat(markdown(send).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(2048));
        assertThat(withoutSpace(read.toString())).as("all of it, in order, nothing twice")
                .contains(withoutSpace(LongAnswers.DESCRIPTION)).startsWith("动作已执行完成").endsWith("消息编号**：m-1234567890");

        wecom.post("ops", WeComCallbackClient.text("dora", msgId, "更多"));
        assertThat(markdown(awaitSends("dora", pages + 1))).contains("已经全部显示完了");
        assertThat(UPSTREAM.received().size() - upstreamCalls).as("更多 never asks the upstream").isEqualTo(1);
    }

    @Test
    void fiveThousandActionsArePagedWithTheMoreButtonAndAnyNumberStillPicks() throws Exception {
        UPSTREAM.then(FakeUpstream.ok(LongAnswers.answer(LongAnswers.Kind.MANY_OPTIONS).raw().toString()));
        int upstreamCalls = UPSTREAM.received().size();
        wecom.post("ops", WeComCallbackClient.text("erin", 8001, "发送消息"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo("erin").stream()
                .anyMatch(j -> j.get("msgtype").getAsString().equals("template_card")));
        JsonObject card = sendsTo("erin").stream().filter(j -> j.get("msgtype").getAsString().equals("template_card"))
                .findFirst().orElseThrow().getAsJsonObject("template_card");
        JsonArray buttons = card.getAsJsonArray("button_list");
        assertThat(buttons).hasSize(6);
        JsonObject more = buttons.get(5).getAsJsonObject();
        assertThat(more.get("text").getAsString()).isEqualTo("更多");
        assertThat(sendsTo("erin").get(0).toString()).contains("1. **动作1**").doesNotContain("**动作300**");
        int before = sendsTo("erin").size();

        wecom.post("ops", WeComCallbackClient.click("erin", card.get("task_id").getAsString(),
                more.get("key").getAsString(), "rc-more"));
        String page2 = markdown(awaitSends("erin", before + 1));
        assertThat(page2).contains("第 2 页").contains("回复「更多」");
        wecom.post("ops", WeComCallbackClient.text("erin", 8002, "更多"));
        String page3 = markdown(awaitSends("erin", before + 2));
        assertThat(page3).contains("第 3 页");
        String page2and3 = pageText(page2) + "\n" + pageText(page3);
        int first = Integer.parseInt(page2and3.replaceAll("(?s)^\\D*(\\d+)\\. .*", "$1"));
        assertThat(page2and3).contains((first + 1) + ". **动作" + (first + 1) + "**");
        assertThat(API.requests(UPDATE_CARD)).as("更多 leaves the card clickable").isEmpty();

        wecom.post("ops", WeComCallbackClient.text("erin", 8003, String.valueOf(first)));
        await().atMost(Duration.ofSeconds(20)).until(() -> UPSTREAM.received().size() - upstreamCalls == 2);
        assertThat(UPSTREAM.received().get(UPSTREAM.received().size() - 1).body()).contains("动作" + first);

        int after = sendsTo("erin").size();
        wecom.post("ops", WeComCallbackClient.click("erin", card.get("task_id").getAsString(),
                more.get("key").getAsString(), "rc-more-old"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo("erin").stream().skip(after)
                .anyMatch(j -> j.toString().contains("这张卡片已失效")));
        await().atMost(Duration.ofSeconds(5)).until(() -> API.requests(UPDATE_CARD).stream()
                .anyMatch(r -> r.json().get("response_code").getAsString().equals("rc-more-old")));
    }
}
