/**
 * The WeCom AI bot (企业微信智能机器人, API mode) channel: group and one-to-one chats with a bot people @,
 * answered inside each callback's own HTTP response.
 * <p>
 * {@link com.actionbridge.channel.wecomaibot.AiBotCallbackController} takes the callbacks;
 * {@code AiBotInbound} checks and decrypts them ({@code AiBotCrypto}, the JSON variant of WeCom's callback
 * crypto) and seals the answers; {@code AiBotChannel} turns messages and clicks into conversation events and
 * answers with streams, template cards and card updates, keeping the open streams and shown cards in
 * {@code AiBotStreams}; {@code AiBotResponder} posts what cannot wait for the next callback to the one-use
 * {@code response_url}, and reports the bots' state to health. The card layout is the self-built app's
 * ({@link com.actionbridge.channel.wecom.WeComCardRenderer}): both show the same {@code button_interaction} card.
 */
package com.actionbridge.channel.wecomaibot;
