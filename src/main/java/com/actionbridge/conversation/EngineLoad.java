package com.actionbridge.conversation;

/** The engine executor's load, for metrics. */
public interface EngineLoad {

    /** Events accepted and not yet started. */
    int queued();

    /** Events being handled now. */
    int running();

    /** Events refused with a "busy" card since start. */
    long rejected();
}
