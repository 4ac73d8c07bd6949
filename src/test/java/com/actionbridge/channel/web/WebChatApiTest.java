package com.actionbridge.channel.web;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.bot.Platform;
import com.actionbridge.card.Card;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.card.Field;
import com.actionbridge.card.LinkButton;
import com.actionbridge.conversation.BridgeCards;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.Texts;
import com.actionbridge.conversation.UserText;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The web chat API's contract: request checks, the JSON shape of cards, access rules. */
class WebChatApiTest {

    final List<ConversationEvent> events = new CopyOnWriteArrayList<>();
    final BotRegistry bots = new BotRegistry(List.of(
            new BotConfig("wecom-1", Platform.WECOM, null, null, "corp", 1, "s", "t", "k", null, null, null, null,
                    null, null, null, null, true),
            new BotConfig("wecom-2", Platform.WECOM, null, null, "corp", 2, "s", "t", "k", null, null, null, null,
                    null, null, List.of("u1"))));

    /** The replies being delivered on other threads; a request's answer is written when its delivery is done. */
    final List<CompletableFuture<Void>> deliveries = new CopyOnWriteArrayList<>();

    /** Answers on another thread, as the engine does. */
    Conversations answering(TurnResult result) {
        return (event, sink) -> {
            events.add(event);
            deliveries.add(CompletableFuture.runAsync(() -> sink.deliver(result)));
        };
    }

    String envKey = "";

    final BridgeCards cards = new BridgeCards(new Texts(messages(), Locale.CHINA));

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    /**
     * The API answers asynchronously: the reply is written into the response by the thread that delivers it, and
     * the request is then completed, with no second dispatch.
     */
    final class AsyncMvc {
        private final MockMvc mvc;

        AsyncMvc(MockMvc mvc) {
            this.mvc = mvc;
        }

        MockMvc mvc() {
            return mvc;
        }

        ResultActions perform(RequestBuilder request) throws Exception {
            ResultActions started = mvc.perform(request);
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(started.andReturn().getRequest().isAsyncStarted()).as("the request was completed").isFalse();
            return started;
        }
    }

    AsyncMvc mvc(Conversations conversations, String apiKey, Duration timeout) {
        return new AsyncMvc(MockMvcBuilders.standaloneSetup(new WebChatController(conversations, bots,
                new WebChatProperties(apiKey, timeout), cards, envKey)).build());
    }

    AsyncMvc mvc(Conversations conversations) {
        return mvc(conversations, null, Duration.ofSeconds(5));
    }

    static MockHttpServletRequestBuilder chat(String body) {
        return post("/api/v1/chat").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    static MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request, String address) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }

    @Test
    void textBecomesAUserTextAndCardsComeBackAsJson() throws Exception {
        Card card = new Card("action_found", "请选择", "**粗体**", List.of(new Field("字段", "值")),
                List.of(new ChoiceButton("发送文本消息", "AAAAAAAAAAAAAAAA", 1), new LinkButton("日志", "http://x/log")));
        mvc(answering(new TurnResult(List.of(card), Optional.empty())))
                .perform(chat("{\"user_id\":\"u1\",\"text\":\"你好\"}"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.chosen").doesNotExist())
                .andExpect(jsonPath("$.replies[0].status").value("action_found"))
                .andExpect(jsonPath("$.replies[0].title").value("请选择"))
                .andExpect(jsonPath("$.replies[0].text").value("**粗体**"))
                .andExpect(jsonPath("$.replies[0].fields[0].label").value("字段"))
                .andExpect(jsonPath("$.replies[0].fields[0].value").value("值"))
                .andExpect(jsonPath("$.replies[0].buttons[0].label").value("发送文本消息"))
                .andExpect(jsonPath("$.replies[0].buttons[0].choice").value("AAAAAAAAAAAAAAAA"))
                .andExpect(jsonPath("$.replies[0].buttons[0].number").value(1))
                .andExpect(jsonPath("$.replies[0].buttons[1].url").value("http://x/log"))
                .andExpect(jsonPath("$.replies[0].buttons[1].choice").doesNotExist());
        UserText text = (UserText) events.get(0);
        assertThat(text.text()).isEqualTo("你好");
        assertThat(text.origin().session()).isEqualTo(new SessionKey("web", "web:u1", "web:u1"));
        assertThat(text.origin().upstreamUserId()).isEqualTo("web:u1");
    }

    @Test
    void aBotThatDoesNotEnableTheWebChatCannotBeTalkedTo() throws Exception {
        mvc(answering(TurnResult.of(Card.text("notice", "t", "m"))))
                .perform(chat("{\"user_id\":\"u1\",\"text\":\"我要请假\",\"bot_id\":\"wecom-2\"}"))
                .andExpect(status().isForbidden());
        assertThat(events).isEmpty();
    }

    @Test
    void withoutAKeyOnlySameOriginJsonIsServed() throws Exception {
        AsyncMvc mvc = mvc(answering(TurnResult.of(Card.text("notice", "t", "m"))));
        String body = "{\"user_id\":\"u1\",\"text\":\"我要请假\"}";
        // What a page on another site can send without a preflight: a text/plain form post from its own origin.
        mvc.perform(post("/api/v1/chat").contentType(MediaType.TEXT_PLAIN).header("Origin", "https://evil.example")
                .content(body)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/chat").contentType(MediaType.TEXT_PLAIN).content(body))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/api/v1/chat").contentType(MediaType.APPLICATION_JSON).header("Sec-Fetch-Site", "cross-site")
                .content(body)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/chat").contentType(MediaType.APPLICATION_JSON).header("Origin", "http://localhost:1")
                .content(body)).andExpect(status().isForbidden());
        assertThat(events).isEmpty();
        // The chat page of this very server is served.
        mvc.perform(post("/api/v1/chat").contentType(MediaType.APPLICATION_JSON).header("Origin", "http://localhost")
                .header("Sec-Fetch-Site", "same-origin").content(body)).andExpect(status().isOk());
        assertThat(events).hasSize(1);
    }

    @Test
    void choiceBecomesAClickAndTheChosenLabelIsReturned() throws Exception {
        mvc(answering(new TurnResult(List.of(Card.text("notice", "t", "m")), Optional.of("发送文本消息"))))
                .perform(chat("{\"user_id\":\"u1\",\"choice\":\"AAAAAAAAAAAAAAAA\",\"bot_id\":\"wecom-1\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.chosen").value("发送文本消息"));
        ChoicePicked click = (ChoicePicked) events.get(0);
        assertThat(click.token()).isEqualTo("AAAAAAAAAAAAAAAA");
        assertThat(click.origin().session().botId()).isEqualTo("wecom-1");
    }

    @Test
    void badRequestsAre400WithAJsonError() throws Exception {
        AsyncMvc mvc = mvc(answering(TurnResult.of()));
        for (String body : List.of("", "not json", "[1]", "{\"text\":\"hi\"}", "{\"user_id\":\" \",\"text\":\"hi\"}",
                "{\"user_id\":\"u\"}", "{\"user_id\":\"u\",\"text\":\"hi\",\"choice\":\"AAAAAAAAAAAAAAAA\"}",
                "{\"user_id\":\"u\",\"text\":\"  \"}", "{\"user_id\":7,\"text\":\"hi\"}",
                "{\"user_id\":\"u\",\"text\":\"hi\",\"bot_id\":\"nope\"}")) {
            mvc.perform(chat(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.error").isString());
        }
        assertThat(events).isEmpty();
    }

    @Test
    void withoutAnApiKeyOnlyLoopbackIsServed() throws Exception {
        AsyncMvc mvc = mvc(answering(TurnResult.of()));
        String body = "{\"user_id\":\"u\",\"text\":\"hi\"}";
        mvc.perform(from(chat(body), "127.0.0.1")).andExpect(status().isOk());
        mvc.perform(from(chat(body), "0:0:0:0:0:0:0:1")).andExpect(status().isOk());
        mvc.perform(from(chat(body), "10.1.2.3")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").isString());
        mvc.perform(from(chat(body), "203.0.113.9").header("X-Api-Key", "anything"))
                .andExpect(status().isForbidden());
        assertThat(events).hasSize(2);
    }

    @Test
    void withAnApiKeyItIsRequiredFromEverywhere() throws Exception {
        AsyncMvc mvc = mvc(answering(TurnResult.of()), "s3cret-key", Duration.ofSeconds(5));
        String body = "{\"user_id\":\"u\",\"text\":\"hi\"}";
        mvc.perform(from(chat(body), "127.0.0.1")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("missing or wrong X-Api-Key header"));
        mvc.perform(from(chat(body), "127.0.0.1").header("X-Api-Key", "s3cret-kez"))
                .andExpect(status().isUnauthorized());
        mvc.perform(from(chat(body), "203.0.113.9").header("X-Api-Key", "s3cret-key")).andExpect(status().isOk());
        mvc.perform(from(chat("not json"), "203.0.113.9"))
                .andExpect(status().isUnauthorized());
        assertThat(events).hasSize(1);
    }

    @Test
    void theEnvironmentVariableIsTheFallbackKey() throws Exception {
        envKey = "from-env";
        AsyncMvc mvc = mvc(answering(TurnResult.of()), null, Duration.ofSeconds(5));
        String body = "{\"user_id\":\"u\",\"text\":\"hi\"}";
        mvc.perform(from(chat(body), "127.0.0.1")).andExpect(status().isUnauthorized());
        mvc.perform(from(chat(body), "203.0.113.9").header("X-Api-Key", "from-env")).andExpect(status().isOk());
        envKey = "from-env";
        mvc(answering(TurnResult.of()), "from-setting", Duration.ofSeconds(5))
                .perform(chat(body).header("X-Api-Key", "from-env")).andExpect(status().isUnauthorized());
    }

    @Test
    void noReplyInTimeAnswersAStillRunningCard() throws Exception {
        List<ReplySink> sinks = new CopyOnWriteArrayList<>();
        Conversations silent = (event, sink) -> {
            events.add(event);
            sinks.add(sink);
        };
        MockMvc mvc = mvc(silent, null, Duration.ofMillis(50)).mvc();
        MvcResult started = mvc.perform(chat("{\"user_id\":\"u\",\"text\":\"hi\"}")).andReturn();
        assertThat(started.getRequest().isAsyncStarted()).as("the request thread was released").isTrue();
        MockAsyncContext async = (MockAsyncContext) started.getRequest().getAsyncContext();
        assertThat(async.getTimeout()).as("the container times the reply out").isEqualTo(50);
        for (AsyncListener listener : List.copyOf(async.getListeners())) {
            listener.onTimeout(new AsyncEvent(async));
        }
        assertThat(started.getRequest().isAsyncStarted()).as("the timeout's answer completed the request").isFalse();
        for (ResultMatcher matcher : List.of(status().isOk(),
                content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON),
                jsonPath("$.replies[0].status").value("busy"),
                jsonPath("$.replies[0].title").value("仍在处理"),
                jsonPath("$.replies[0].text").value(containsString("请不要重复提交")))) {
            matcher.match(started);
        }
        String stillRunning = started.getResponse().getContentAsString();
        // The engine's reply, coming after the timeout's answer, changes nothing.
        sinks.get(0).deliver(TurnResult.of(Card.text("notice", "late", "m")));
        assertThat(started.getResponse().getContentAsString()).isEqualTo(stillRunning);
        assertThat(events).hasSize(1);
    }

    @Test
    void aTimeoutAfterTheReplyChangesNothing() throws Exception {
        MvcResult done = mvc(answering(TurnResult.of(Card.text("notice", "在这里", "m"))))
                .perform(chat("{\"user_id\":\"u\",\"text\":\"hi\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replies[0].title").value("在这里"))
                .andReturn();
        String reply = done.getResponse().getContentAsString();
        MockAsyncContext async = (MockAsyncContext) done.getRequest().getAsyncContext();
        for (AsyncListener listener : List.copyOf(async.getListeners())) {
            listener.onTimeout(new AsyncEvent(async));
        }
        assertThat(done.getResponse().getContentAsString()).isEqualTo(reply);
        assertThat(done.getResponse().getContentLength()).isEqualTo(reply.getBytes(StandardCharsets.UTF_8).length);
    }
}
