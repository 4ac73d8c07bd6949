package com.actionbridge.action;

import java.net.URI;

/** Where upstream calls go: the configured platform, or the embedded sandbox when none is configured. */
public interface UpstreamLocation {

    /** The base URL the endpoint paths are appended to (no trailing slash). */
    URI baseUrl();

    /** True when calls go to the embedded sandbox. */
    boolean sandbox();
}
