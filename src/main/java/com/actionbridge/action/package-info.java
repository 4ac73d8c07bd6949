/**
 * The client of the AI action platform (the upstream): typed requests and responses, statuses, errors.
 * Knows nothing of chat platforms. {@link com.actionbridge.action.HttpActionClient} sends at most once;
 * {@link com.actionbridge.action.UpstreamLocation} says whether calls go to the configured platform or to the
 * embedded sandbox.
 */
package com.actionbridge.action;
