/**
 * The embedded sandbox of the AI action platform: the same endpoints, envelope and statuses over a small demo
 * catalog ({@code sandbox/catalog.json}), with a local authorise page and run-log pages. It exists only when
 * {@code actionbridge.upstream.base-url} is empty, so a newcomer can try every status without credentials.
 */
package com.actionbridge.sandbox;
