package com.actionbridge.action;

/**
 * The client of the AI action platform. Knows nothing of chat platforms.
 * <p>
 * At most once: a call that may have reached the platform is never re-sent by the client; only failures
 * before anything was sent (connection refused) and HTTP 429 are retried, with backoff and a bound.
 */
public interface ActionClient {

    /** v2 continuous dialogue: {@code POST /v2/api/AI-action/ai_actions} with {@code {user_id, content}}. */
    ActionResult startDialogue(UpstreamProfile profile, String userId, String content) throws ActionException;

    /** v1 state machine: {@code POST /v1/api/AI-action/ai_actions} answering the last status. */
    ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException;
}
