package com.actionbridge.action;

import java.util.Arrays;
import java.util.Optional;

/** The statuses the platform documents. A response may carry another one; see {@link #of(String)}. */
public enum ActionStatus {
    ACTION_FOUND("action_found"),
    ACTION_NOT_FOUND("action_not_found"),
    AUTH_REQUIRED("auth_required"),
    AUTH_ACCOUNT_SELECT("auth_account_select"),
    ACTION_FIELD_REQUIRED("action_field_required"),
    ACTION_PREVIEW("action_preview"),
    ACTION_DONE("action_done"),
    ACTION_ERROR("action_error");

    private final String wire;

    ActionStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ActionStatus> of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }
}
