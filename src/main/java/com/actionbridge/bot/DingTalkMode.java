package com.actionbridge.bot;

/** How a DingTalk bot receives events: an outgoing Stream connection (no public address) or HTTP callbacks. */
public enum DingTalkMode {
    STREAM, HTTP
}
