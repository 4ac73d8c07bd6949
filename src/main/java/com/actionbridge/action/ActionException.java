package com.actionbridge.action;

/**
 * An upstream call that did not yield a result. {@link #kind()} tells the user-facing message; the exception
 * message is the admin's log line and never contains the token.
 */
public class ActionException extends Exception {

    public enum Kind {
        /** HTTP 401: the token is wrong or revoked. */
        UNAUTHORIZED,
        /** HTTP 402: the quota is used up. */
        QUOTA_EXHAUSTED,
        /** HTTP 429, still after the bounded retries. */
        RATE_LIMITED,
        /** The envelope's {@code Code} is not 2000; {@link #upstreamMessage()} holds its {@code Msg}. */
        REJECTED,
        /** HTTP 5xx (or another unexpected HTTP status). */
        SERVER_ERROR,
        /** No answer in time after the request was sent: the action may or may not have run. */
        TIMEOUT,
        /** Nothing could be sent (connection refused, unknown host, connect timeout), after retries. */
        UNREACHABLE,
        /** A 2xx answer whose body is not the documented envelope. */
        MALFORMED_RESPONSE
    }

    /** The envelope {@code Code} of a business refusal that must not be retried. */
    public static final int FINAL_REFUSAL_CODE = 4000;

    private final Kind kind;
    private final Integer code;
    private final String upstreamMessage;

    public ActionException(Kind kind, String adminMessage, Integer code, String upstreamMessage, Throwable cause) {
        super(adminMessage, cause);
        this.kind = kind;
        this.code = code;
        this.upstreamMessage = upstreamMessage;
    }

    public ActionException(Kind kind, String adminMessage) {
        this(kind, adminMessage, null, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The envelope's {@code Code} or the HTTP status, when there was one. */
    public Integer code() {
        return code;
    }

    /** The platform's own {@code Msg}, when there was one. */
    public String upstreamMessage() {
        return upstreamMessage;
    }

    /** True when the platform refused the request for good ({@code Code} 4000): sending it again cannot help. */
    public boolean finalRefusal() {
        return kind == Kind.REJECTED && code != null && code == FINAL_REFUSAL_CODE;
    }

    /** True when the request may have reached the platform, so a v1 action may have run. */
    public boolean mayHaveRun() {
        return kind == Kind.TIMEOUT || kind == Kind.SERVER_ERROR || kind == Kind.MALFORMED_RESPONSE;
    }
}
