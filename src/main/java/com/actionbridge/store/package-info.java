/**
 * Where shared state lives, chosen by one setting, {@code actionbridge.store}: {@code memory} (default; Caffeine in
 * this JVM, nothing to install) or {@code redis} (Spring Data Redis, for several instances behind a load balancer).
 * The store interfaces stay with the code that uses them (sessions and choice tokens in conversation, de-dup in
 * channel, rate windows and the turn log in admin, sent cards in channel.dingtalk); their implementations live side
 * by side in {@code store.memory} and {@code store.redis}, so what changes with Redis is in one place.
 */
package com.actionbridge.store;
