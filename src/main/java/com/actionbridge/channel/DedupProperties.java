package com.actionbridge.channel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code actionbridge.dedup.*}: how long and how many delivery ids are remembered to drop copies.
 *
 * @param retention how long a delivery id is remembered; never shorter than a channel's window for signed
 *                  timestamps, else a replayed delivery that still carries a valid signature gets through
 * @param maxKeys   most delivery ids remembered in memory (Redis keeps every one for the retention)
 */
@ConfigurationProperties("actionbridge.dedup")
public record DedupProperties(@DefaultValue("2h") Duration retention, @DefaultValue("200000") long maxKeys) {

    public DedupProperties {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("actionbridge.dedup.retention must be a positive duration");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("actionbridge.dedup.max-keys must be at least 1");
        }
    }

    /**
     * Stops start-up when a channel accepts signed timestamps for longer than delivery ids are remembered.
     *
     * @param window    how far a signed timestamp may be from now
     * @param windowKey the setting of that window, named in the message
     */
    public void requireCovers(Duration window, String windowKey) {
        if (retention.compareTo(window) < 0) {
            throw new IllegalStateException("actionbridge.dedup.retention (" + retention + ") is shorter than "
                    + windowKey + " (" + window + "): a callback replayed within that window would be handled "
                    + "again. Set actionbridge.dedup.retention to at least " + window + ".");
        }
    }
}
