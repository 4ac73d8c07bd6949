/**
 * The DingTalk channel. Receives bot messages and interactive-card clicks over a Stream connection
 * ({@link com.actionbridge.channel.dingtalk.DingTalkStreamClients}) or signed HTTP callbacks
 * ({@link com.actionbridge.channel.dingtalk.DingTalkCallbackController}), de-duplicates them and hands neutral
 * events to the conversation engine ({@link com.actionbridge.channel.dingtalk.DingTalkInbound}). Replies are
 * rendered either as interactive cards from an admin-made template ({@link
 * com.actionbridge.channel.dingtalk.InteractiveCardRenderer}) or as action cards whose buttons send a choice
 * command ({@link com.actionbridge.channel.dingtalk.ActionCardRenderer}), and sent through the message's
 * session webhook or the robot OpenAPI ({@link com.actionbridge.channel.dingtalk.DingTalkApi}).
 */
package com.actionbridge.channel.dingtalk;
