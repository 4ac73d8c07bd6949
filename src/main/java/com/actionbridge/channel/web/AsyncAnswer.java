package com.actionbridge.channel.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The one answer of a web chat request, on Servlet async: written once, by the engine's reply or by the timeout,
 * whichever comes first, straight into the response, then the request is completed.
 * <p>
 * Unlike Spring's {@code DeferredResult}, the reply is not dispatched back through the server's filters and
 * Spring MVC a second time (that second pass cost about as much CPU as the request itself). What stays the same:
 * the request thread is released while the turn runs, the container's async timeout decides when the "still
 * running" answer is given, and the server's request observation ({@code http.server.requests}) ends when the
 * request completes, with the status written here.
 */
final class AsyncAnswer implements AsyncListener {

    /** A status and a JSON body. */
    record Answer(int status, byte[] json) {
    }

    private static final Logger log = LoggerFactory.getLogger(AsyncAnswer.class);
    private static final String JSON = "application/json";

    private final AsyncContext async;
    private final Supplier<Answer> onTimeout;
    /** Guarded by {@code this}: the answer was written, or the request ended without one. */
    private boolean done;

    private AsyncAnswer(AsyncContext async, Supplier<Answer> onTimeout) {
        this.async = async;
        this.onTimeout = onTimeout;
    }

    /**
     * Puts the request in async mode; {@code onTimeout} gives the answer when nothing was sent after
     * {@code timeoutMillis}.
     */
    static AsyncAnswer start(HttpServletRequest request, HttpServletResponse response, long timeoutMillis,
                             Supplier<Answer> onTimeout) {
        AsyncContext async = request.startAsync(request, response);
        AsyncAnswer answer = new AsyncAnswer(async, onTimeout);
        async.addListener(answer);
        async.setTimeout(timeoutMillis);
        return answer;
    }

    /** Writes the answer and completes the request, unless an answer was already given or the request ended. */
    void send(Answer answer) {
        // Under the lock: a timeout arriving meanwhile waits for this answer to be written and the request completed.
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            try {
                write((HttpServletResponse) async.getResponse(), answer);
            } catch (IOException | RuntimeException e) {
                log.debug("A web chat answer could not be written (the client went away?): {}", e.toString());
            } finally {
                complete();
            }
        }
    }

    /** Writes an answer into a response that is not in async mode (refusals, bad requests). */
    static void write(HttpServletResponse response, Answer answer) throws IOException {
        response.setStatus(answer.status());
        response.setContentType(JSON);
        response.setContentLength(answer.json().length);
        response.getOutputStream().write(answer.json());
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            log.debug("A web chat request had already ended: {}", e.toString());
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        Answer answer;
        synchronized (this) {
            if (done) {
                return;
            }
            answer = onTimeout.get();
        }
        send(answer);
    }

    @Override
    public void onError(AsyncEvent event) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        log.debug("A web chat request failed before its answer: {}", String.valueOf(event.getThrowable()));
        complete();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            done = true;
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
