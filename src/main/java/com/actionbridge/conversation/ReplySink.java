package com.actionbridge.conversation;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where a channel wants the result of one event: render and send it. Exceptions are logged by the engine. */
@FunctionalInterface
public interface ReplySink {

    void deliver(TurnResult result);

    /**
     * A sink that changes each result before {@code sink} gets it; of a {@link DurableSink} a durable one, so the
     * engine still records the turn in the inbox.
     */
    static ReplySink changing(ReplySink sink, UnaryOperator<TurnResult> change) {
        if (!(sink instanceof DurableSink durable)) {
            return result -> sink.deliver(change.apply(result));
        }
        return new DurableSink() {
            @Override
            public void deliver(TurnResult result) {
                durable.deliver(change.apply(result));
            }

            @Override
            public boolean takenOver() {
                return durable.takenOver();
            }

            @Override
            public Optional<Mark> mark() {
                return durable.mark();
            }

            @Override
            public boolean started() {
                return durable.started();
            }

            @Override
            public void calling(boolean mayRunAction) {
                durable.calling(mayRunAction);
            }

            @Override
            public void finished(TurnResult result) {
                durable.finished(result);
            }

            @Override
            public void handedBack() {
                durable.handedBack();
            }
        };
    }
}
