package com.actionbridge.admin;

/**
 * Counts events per key in a sliding window (one minute for the rate limit). Shared by every instance when the
 * store is shared, so the limit holds for a person whichever instance their events reach.
 */
public interface RateWindows {

    /**
     * Admits one more event of {@code key} when fewer than {@code limit} were admitted in the last window. A refused
     * event is not counted, so someone who waits gets through again.
     */
    boolean tryAcquire(String key, int limit);
}
