package com.actionbridge.channel;

/** What became of one incoming delivery (webhook request or stream message), for metrics. */
public enum CallbackOutcome {
    /** Verified, new, handed to the engine. */
    ACCEPTED,
    /** A copy of a delivery already seen; dropped. */
    DUPLICATE,
    /** Signature, timestamp or corp check failed; refused. */
    BAD_SIGNATURE,
    /** Not parseable; refused with 400. */
    MALFORMED,
    /** Over the size limit; refused with 413. */
    TOO_LARGE,
    /** Refused by an admission policy (rate limit, allow-list). */
    RATE_LIMITED,
    /** Valid, but nothing to do (URL verification, an event the bot ignores). */
    IGNORED
}
