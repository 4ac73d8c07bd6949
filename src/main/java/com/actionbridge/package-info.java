/**
 * ActionBridge: employees chat with DingTalk and WeCom bots to run actions of an AI action platform; every answer
 * is an interactive card. Data flows one way: channel → conversation → upstream (action) → conversation → the
 * channel's renderer.
 */
package com.actionbridge;
