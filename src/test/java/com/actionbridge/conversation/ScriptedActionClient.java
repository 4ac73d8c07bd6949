package com.actionbridge.conversation;

import com.actionbridge.action.ActionClient;
import com.actionbridge.action.ActionException;
import com.actionbridge.action.ActionRequest;
import com.actionbridge.action.ActionResult;
import com.actionbridge.action.UpstreamProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** An in-test upstream: answers from a script, in order, and records every request it got. */
final class ScriptedActionClient implements ActionClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request: v2 has {@code content} and no {@code request}; v1 has the request. */
    record Call(String botToken, String userId, String content, ActionRequest request) {
        boolean v2() {
            return request == null;
        }
    }

    @FunctionalInterface
    interface Answer {
        ActionResult answer(Call call) throws ActionException;
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();

    synchronized ScriptedActionClient then(ActionResult result) {
        script.addLast(call -> result);
        return this;
    }

    synchronized ScriptedActionClient thenFail(ActionException e) {
        script.addLast(call -> {
            throw e;
        });
        return this;
    }

    synchronized ScriptedActionClient then(Answer answer) {
        script.addLast(answer);
        return this;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized Call lastCall() {
        return calls.get(calls.size() - 1);
    }

    @Override
    public ActionResult startDialogue(UpstreamProfile profile, String userId, String content) throws ActionException {
        return next(new Call(profile.token(), userId, content, null));
    }

    @Override
    public ActionResult answer(UpstreamProfile profile, ActionRequest request) throws ActionException {
        return next(new Call(profile.token(), request.userId(), request.content(), request));
    }

    private ActionResult next(Call call) throws ActionException {
        Answer answer;
        synchronized (this) {
            calls.add(call);
            answer = script.pollFirst();
        }
        if (answer == null) {
            throw new AssertionError("unexpected upstream call: " + call);
        }
        return answer.answer(call);
    }

    static ActionResult result(String chatId, String status, String step, String description, String dataJson) {
        JsonNode data = JSON.readTree(dataJson == null ? "null" : dataJson);
        ObjectNode raw = JSON.createObjectNode();
        raw.put("chat_id", chatId);
        raw.put("status", status);
        raw.put("step", step);
        raw.put("description", description);
        raw.set("data", data);
        return new ActionResult(chatId, status, step, "u", description, data, raw);
    }
}
