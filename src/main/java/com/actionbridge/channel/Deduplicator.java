package com.actionbridge.channel;

/**
 * Two-phase de-duplication of deliveries (platform retries, stream redeliveries, double clicks).
 * <p>
 * {@link #begin} marks a key "in flight" and returns true only for the first copy. When the work is done,
 * {@link #finish} keeps the key as "done" for the retention time, so later copies are still dropped. When the
 * first copy failed before doing anything, {@link #abandon} forgets the key so that a retry can succeed.
 * Implementations: in memory now; a shared store (Redis {@code SET NX} with a TTL) for several instances.
 */
public interface Deduplicator {

    /** True when this is the first delivery of {@code key} (in flight or done ones return false). */
    boolean begin(String key);

    /** The delivery was handled: keep remembering it. */
    void finish(String key);

    /** The delivery failed before anything happened: a retry may run it again. */
    void abandon(String key);
}
