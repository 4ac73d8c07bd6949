package com.actionbridge.channel.wecom;

import com.actionbridge.card.Card;
import com.actionbridge.card.CardStatus;
import com.actionbridge.card.ChoiceButton;
import com.actionbridge.conversation.ChoicePicked;
import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.ReplySink;
import com.actionbridge.conversation.TurnResult;
import com.actionbridge.conversation.UserText;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in engine with the engine's contract: answers on its own thread, in order; a text gets a card with
 * {@code choices} single-use choice buttons; a click on a live token is one action and reports the chosen
 * label; a click on a used token gets a notice and no label.
 */
final class ScriptedConversations implements Conversations {

    final List<ConversationEvent> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger actions = new AtomicInteger();
    volatile int choices = 2;
    volatile CountDownLatch gate;
    private final Map<String, String> liveTokens = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scripted-engine");
        t.setDaemon(true);
        return t;
    });
    private final SecureRandom random = new SecureRandom();

    @Override
    public void handle(ConversationEvent event, ReplySink sink) {
        events.add(event);
        worker.execute(() -> {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            threads.add(Thread.currentThread().getName());
            sink.deliver(answer(event));
        });
    }

    void reset() {
        events.clear();
        threads.clear();
        actions.set(0);
        choices = 2;
        gate = null;
    }

    private TurnResult answer(ConversationEvent event) {
        if (event instanceof UserText) {
            String[] labels = {"发送文本消息", "发送Markdown消息", "创建待办", "提交请假申请", "提交报销单", "查询天气",
                    "发送图片", "发送文件"};
            List<com.actionbridge.card.Button> buttons = new java.util.ArrayList<>();
            for (int i = 0; i < choices; i++) {
                String token = token();
                liveTokens.put(token, labels[i]);
                buttons.add(new ChoiceButton(labels[i], token, i + 1));
            }
            return new TurnResult(List.of(new Card("action_found", "找到 " + choices + " 个动作", "请选择要执行的动作",
                    List.of(), buttons)), Optional.empty());
        }
        ChoicePicked click = (ChoicePicked) event;
        String label = liveTokens.remove(click.token());
        if (label == null) {
            return TurnResult.of(Card.text(CardStatus.NOTICE, "提示", "这个选项已经选过了"));
        }
        actions.incrementAndGet();
        return new TurnResult(List.of(Card.text("action_done", "执行成功", "已执行：" + label)), Optional.of(label));
    }

    private String token() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
