/**
 * The client of the AI action platform (the upstream): typed requests and responses, statuses, errors.
 * Knows nothing of chat platforms.
 */
package com.actionbridge.action;
