package com.actionbridge.channel.wecomaibot;

import com.actionbridge.conversation.ConversationEvent;
import com.actionbridge.conversation.Conversations;
import com.actionbridge.conversation.ReplySink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real engine behind a gate: while the gate is closed, events wait (a slow upstream, as seen from the
 * channel); once it opens, they go to the engine in arrival order. Records every event handed over.
 */
final class GatedConversations implements Conversations {

    final List<ConversationEvent> events = new CopyOnWriteArrayList<>();
    private final Conversations engine;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    GatedConversations(Conversations engine) {
        this.engine = engine;
    }

    @Override
    public synchronized void handle(ConversationEvent event, ReplySink sink) {
        events.add(event);
        CompletableFuture<Void> open = gate;
        last = last.thenCombine(open, (a, b) -> b).thenRun(() -> engine.handle(event, sink));
    }

    void close() {
        gate = new CompletableFuture<>();
    }

    void open() {
        gate.complete(null);
    }

    void reset() {
        open();
        events.clear();
    }
}
