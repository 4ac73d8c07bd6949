package com.actionbridge.channel.wecom;

import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * Makes the WxJava configuration of a WeCom bot, which also holds its access token: in this instance's memory by
 * default, or in Redis ({@code WxCpRedisTemplateConfigImpl}) so that every instance shares one token per app.
 */
@FunctionalInterface
public interface WeComConfigs {

    WeComConfigs MEMORY = WxCpDefaultConfigImpl::new;

    WxCpDefaultConfigImpl create();
}
