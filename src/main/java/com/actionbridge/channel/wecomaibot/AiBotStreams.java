package com.actionbridge.channel.wecomaibot;

import com.actionbridge.channel.wecom.WeComMessage;
import com.actionbridge.conversation.SessionKey;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What this instance remembers between callbacks: the open streams (by stream id), the cards it showed (by task
 * id, with the person each is for) and the response_urls already used. Entries expire after the retention time.
 */
final class AiBotStreams {

    /** What a stream shows at one moment. */
    record Snapshot(String id, boolean finish, String content, WeComMessage.ButtonCard card) {
    }

    /**
     * One answer in the making. The engine's result completes it; WeCom's refresh callbacks read it. A stream
     * closed before the result came ({@link #closeEarly}) refuses the result, which then goes out another way.
     */
    static final class Stream {
        final String id;
        final boolean group;
        final String responseUrl;
        final Instant opened;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private String markdown;
        private WeComMessage.ButtonCard card;
        private boolean done;
        private boolean closedEarly;
        private String closing;

        Stream(String id, boolean group, String responseUrl, Instant opened) {
            this.id = id;
            this.group = group;
            this.responseUrl = responseUrl;
            this.opened = opened;
        }

        /** The answer; false when the stream was already closed without it. */
        synchronized boolean complete(String markdown, WeComMessage.ButtonCard card) {
            if (closedEarly) {
                return false;
            }
            this.markdown = markdown;
            this.card = card;
            this.done = true;
            ready.complete(null);
            return true;
        }

        /** Waits up to {@code wait} for the answer, then tells what to show now. */
        Snapshot await(Duration wait, Clock clock, Duration limit, String placeholder, String stillWorking) {
            try {
                ready.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // not ready: show what there is
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (done) {
                    return new Snapshot(id, true, markdown.isBlank() && card != null
                            ? AiBotRenderer.titleOf(card) : markdown, card);
                }
                if (closedEarly || Duration.between(opened, clock.instant()).compareTo(limit) >= 0) {
                    closedEarly = true;
                    closing = closing == null ? stillWorking : closing;
                    return new Snapshot(id, true, closing, null);
                }
                return new Snapshot(id, false, placeholder, null);
            }
        }
    }

    /**
     * A card shown to one person.
     *
     * @param owner   the user id of the person it is for (only their clicks count)
     * @param session the session that showed it
     * @param card    the card as last shown
     * @param used    true once a click on it was taken
     */
    record Task(String botId, String owner, SessionKey session, WeComMessage.ButtonCard card, boolean used) {
    }

    private final Cache<String, Stream> streams;
    private final Cache<String, Task> tasks;
    private final Cache<SessionKey, String> latestTask;
    private final Cache<String, Boolean> usedUrls;

    AiBotStreams(Duration retention) {
        streams = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(200_000).build();
        tasks = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(200_000).build();
        latestTask = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(200_000).build();
        usedUrls = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1).plus(retention))
                .maximumSize(200_000).build();
    }

    /** The stream of one message: derived from the bot and the msgid, so WeCom's retry finds the same stream. */
    static String streamId(String botId, String msgId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((botId + "\n" + msgId).getBytes(StandardCharsets.UTF_8));
            return "ab-" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    Stream open(String id, boolean group, String responseUrl, Instant now) {
        return streams.get(id, key -> new Stream(key, group, responseUrl, now));
    }

    Optional<Stream> stream(String id) {
        return Optional.ofNullable(streams.getIfPresent(id));
    }

    /** Remembers a card as the newest one of its session. */
    void shown(Task task) {
        tasks.put(task.card().taskId(), task);
        latestTask.put(task.session(), task.card().taskId());
    }

    /** A later result showed no card: older cards of the session are stale. */
    void noCard(SessionKey session) {
        latestTask.invalidate(session);
    }

    /**
     * Takes a click on {@code taskId} by {@code userId} with {@code key}: the card exists, is the newest of its
     * session, is for this person, has that button and was not clicked before. Atomic: one click wins.
     */
    Optional<Task> take(String botId, String taskId, String userId, String key) {
        Task task = tasks.getIfPresent(taskId);
        if (task == null || task.used() || !task.botId().equals(botId) || !task.owner().equals(userId)
                || !taskId.equals(latestTask.getIfPresent(task.session()))
                || task.card().buttons().stream().noneMatch(b -> b.key().equals(key))) {
            return Optional.empty();
        }
        Task used = new Task(task.botId(), task.owner(), task.session(), task.card(), true);
        return tasks.asMap().replace(taskId, task, used) ? Optional.of(task) : Optional.empty();
    }

    /** True the first time only: a response_url may be used once. */
    boolean useUrl(String url) {
        return usedUrls.asMap().putIfAbsent(url, Boolean.TRUE) == null;
    }
}
