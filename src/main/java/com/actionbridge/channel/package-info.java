/**
 * What every chat channel shares: de-duplication of deliveries. Each platform has its own sub-package that
 * receives, verifies, de-duplicates, hands events to the conversation engine, renders its cards and sends.
 */
package com.actionbridge.channel;
