/**
 * The WeCom (企业微信) channel: a self-built app's encrypted callbacks in, template cards and markdown out.
 * <p>
 * {@link com.actionbridge.channel.wecom.WeComCallbackController} verifies, decrypts and checks each delivery
 * with WxJava, de-duplicates it and answers at once; {@link com.actionbridge.channel.wecom.WeComDispatcher}
 * turns it into a conversation event (or a local reply); the engine's result is rendered by
 * {@link com.actionbridge.channel.wecom.WeComCardRenderer} and sent by
 * {@link com.actionbridge.channel.wecom.WeComSender}, which also greys out the clicked card. One
 * {@code WxCpService} per bot lives in {@link com.actionbridge.channel.wecom.WeComClients}.
 */
package com.actionbridge.channel.wecom;
