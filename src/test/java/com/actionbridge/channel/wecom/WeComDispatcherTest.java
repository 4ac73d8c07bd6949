package com.actionbridge.channel.wecom;

import com.actionbridge.bot.BotConfig;
import com.actionbridge.bot.BotRegistry;
import com.actionbridge.channel.CallbackOutcome;
import com.actionbridge.store.memory.InMemoryDeduplicator;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.Inbox;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WeComDispatcherTest {

    private final FakeWeComApi api = new FakeWeComApi();
    private final BotConfig bot = WeComClientsTest.complete("ops", api.baseUrl());
    private final WeComProperties properties =
            new WeComProperties(Duration.ofMinutes(5), DataSize.ofKilobytes(64), 2, Duration.ofMillis(10), 1, 10, Duration.ofMinutes(10));
    private final WeComClients clients = new WeComClients(new BotRegistry(List.of(bot)), properties, Clock.systemUTC());
    private final WeComTexts texts = new WeComTexts(Locale.forLanguageTag("zh-CN"));
    private final InMemoryDeduplicator dedup = new InMemoryDeduplicator(Duration.ofMinutes(10), 1000);
    private final List<ConversationEvent> events = new CopyOnWriteArrayList<>();
    private final Conversations failing = (event, sink) -> {
        events.add(event);
        throw new RejectedExecutionException("engine stopping");
    };

    WeComDispatcherTest() throws IOException {
    }

    @AfterEach
    void close() {
        api.close();
    }

    private WeComDispatcher dispatcher(Conversations conversations, ExecutorService replies) {
        return new WeComDispatcher(Inbox.direct(conversations), dedup, new WeComCardRenderer(texts),
                new WeComSender(clients, properties), texts, replies);
    }

    private static WxCpXmlMessage parse(String xml) {
        return WxCpXmlMessage.fromXml(xml, String.valueOf(WeComCallbackClient.AGENT_ID));
    }

    @Test
    void aDeliveryThatCouldNotBeQueuedIsForgottenSoWeComsRetrySucceeds() throws Exception {
        WxCpXmlMessage image = parse(WeComCallbackClient.image("zhangsan", 42));
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();

        assertThatThrownBy(() -> dispatcher(failing, stopped).dispatch(bot, image))
                .isInstanceOf(RejectedExecutionException.class);

        ExecutorService working = Executors.newSingleThreadExecutor();
        try (WeComDispatcher dispatcher = dispatcher(failing, working)) {
            assertThat(dispatcher.dispatch(bot, image)).isEqualTo(CallbackOutcome.ACCEPTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(FakeWeComApi.SEND).size() == 1);
            assertThat(dispatcher.dispatch(bot, image)).isEqualTo(CallbackOutcome.DUPLICATE);
        }
    }

    @Test
    void aTextTheEngineRefusedToQueueIsForgottenToo() throws Exception {
        WxCpXmlMessage text = parse(WeComCallbackClient.text("lisi", 43, "你好"));
        try (WeComDispatcher dispatcher = dispatcher(failing, Executors.newSingleThreadExecutor())) {
            assertThatThrownBy(() -> dispatcher.dispatch(bot, text)).isInstanceOf(RejectedExecutionException.class);
            assertThatThrownBy(() -> dispatcher.dispatch(bot, text)).isInstanceOf(RejectedExecutionException.class);
        }
        assertThat(events).hasSize(2);
    }

    @Test
    void eventsTheBotDoesNotAnswerAreIgnored() throws Exception {
        String subscribe = "<xml><ToUserName><![CDATA[" + WeComCallbackClient.CORP_ID + "]]></ToUserName>"
                + "<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>";
        try (WeComDispatcher dispatcher = dispatcher(failing, Executors.newSingleThreadExecutor())) {
            assertThat(dispatcher.dispatch(bot, parse(subscribe))).isEqualTo(CallbackOutcome.IGNORED);
        }
        assertThat(events).isEmpty();
    }
}
