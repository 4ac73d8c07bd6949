package com.actionbridge.conversation;

import java.time.Duration;
import java.util.Map;

/**
 * How a channel hands over an event it is about to acknowledge to its platform. With the memory store the event goes
 * straight to the engine ({@link #direct}); with the Redis store it is first written to a durable queue, so an
 * event acknowledged by an instance that then stops is still answered, by another instance or by the same one after
 * a restart. {@link #accept} returns once the event is safe: when it throws, nothing was accepted and the channel
 * lets the platform deliver it again.
 * <p>
 * Only channels whose replies can be sent from any instance (WeCom apps, DingTalk robots) use it; the web chat and
 * the WeCom AI bot answer on the request or stream that brought the event and call the engine directly.
 */
public interface Inbox {

    /**
     * Accepts one event; {@code sink} is used by this instance, {@code address} by another one that takes the event
     * over.
     */
    void accept(ConversationEvent event, ReplyAddress address, ReplySink sink);

    /** The queue's figures, or null when nothing is kept beyond the engine's memory. */
    default Figures figures() {
        return null;
    }

    /**
     * The durable queue as the console and Prometheus show it.
     *
     * @param pending    events accepted and not started yet, over all instances
     * @param inProgress events started and not finished, per live instance
     * @param takenOver  events taken over from a stopped instance since the queue was created
     * @param oldestAge  how long the oldest unfinished event has been waiting (zero when there is none)
     */
    record Figures(long pending, Map<String, Long> inProgress, long takenOver, Duration oldestAge) {
    }

    /** Straight to the engine: nothing survives the process. */
    static Inbox direct(Conversations conversations) {
        return (event, address, sink) -> conversations.handle(event, sink);
    }
}
