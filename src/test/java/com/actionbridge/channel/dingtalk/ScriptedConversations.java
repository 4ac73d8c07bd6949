package com.actionbridge.channel.dingtalk;

import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.SessionKey;
import com.actionbridge.conversation.TurnResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in engine for the channel's own tests: a text gets a card with two choices; a click by the card's
 * owner gets "done" with the chosen label; anyone else's click is refused with a notice (as the real engine's
 * owner-bound tokens do). Runs on its own thread, like the engine; can be held to prove acks do not wait.
 */
final class ScriptedConversations implements Conversations {

    record Choice(SessionKey owner, String label) {
    }

    final List<ConversationEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, Choice> tokens = new ConcurrentHashMap<>();
    volatile CountDownLatch hold = new CountDownLatch(0);
    private final ExecutorService engine = Executors.newSingleThreadExecutor();

    @Override
    public void handle(ConversationEvent event, ReplySink sink) {
        events.add(event);
        engine.execute(() -> {
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.deliver(answer(event));
        });
    }

    private TurnResult answer(ConversationEvent event) {
        if (event instanceof ChoicePicked click) {
            Choice choice = tokens.get(click.token());
            if (choice == null || !choice.owner().equals(click.origin().session())) {
                return TurnResult.of(Card.text(CardStatus.NOTICE, "提示", "这不是你的卡片"));
            }
            tokens.remove(click.token());
            return new TurnResult(List.of(Card.text("action_done", "完成", "已执行：" + choice.label())),
                    Optional.of(choice.label()));
        }
        String t1 = token();
        String t2 = token();
        tokens.put(t1, new Choice(event.origin().session(), "发送文本消息"));
        tokens.put(t2, new Choice(event.origin().session(), "发送Markdown消息"));
        return TurnResult.of(new Card("action_found", "找到 2 个操作", "请选择要执行的操作", List.of(),
                List.of(new ChoiceButton("发送文本消息", t1, 1), new ChoiceButton("发送Markdown消息", t2, 2))));
    }

    private static String token() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    void shutdown() {
        engine.shutdownNow();
    }
}
