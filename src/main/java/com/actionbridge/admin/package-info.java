/**
 * Operating ActionBridge: the admin API and web console under {@code /admin} (bearer admin token), the
 * admission policies (per-person rate limit, per-bot allow-list), health components per bot, Prometheus
 * metrics of turns, upstream latency, sessions and engine load, the recent-turns log, and reloading the
 * {@code bots:} list without a restart.
 */
package com.actionbridge.admin;
