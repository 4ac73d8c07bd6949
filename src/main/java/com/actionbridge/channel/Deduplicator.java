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

    /**
     * Runs {@code handOff} for the first delivery of {@code key} only. Once it returns, the work belongs to
     * whoever accepted it (the engine always answers), so the key is done; when it throws, the key is forgotten
     * so that the platform's retry can succeed, and the exception propagates.
     *
     * @return false for a copy already seen: nothing was run
     */
    default boolean firstDelivery(String key, Runnable handOff) {
        if (!begin(key)) {
            return false;
        }
        try {
            handOff.run();
        } catch (RuntimeException | Error e) {
            abandon(key);
            throw e;
        }
        finish(key);
        return true;
    }
}
