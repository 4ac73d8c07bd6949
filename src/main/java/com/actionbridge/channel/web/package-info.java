/**
 * The web chat channel: {@code POST /api/v1/chat} (JSON in, neutral cards out as JSON) for the built-in chat
 * page at {@code /} and for portals that embed the bot. With {@code actionbridge.web-chat.api-key} set every
 * request must carry it in {@code X-Api-Key}; without one only loopback clients are served.
 */
package com.actionbridge.channel.web;
