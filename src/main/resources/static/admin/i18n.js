/* The console's words in Chinese (default, following actionbridge.locale) and English; the switch is kept per browser. */
(function () {
  'use strict';
  var KEY = 'actionbridge.admin.lang';
  var TEXTS = {
    zh: {
      title: 'ActionBridge 管理台', brand: '管理台', signOut: '退出', signIn: '登录',
      loginIntro: '输入管理令牌（启动应用时设置的 ADMIN_TOKEN）。它只保存在本浏览器标签页中。',
      tokenPlaceholder: '管理令牌', tabBots: '机器人', tabSessions: '会话', tabTurns: '最近对话', tabPlayground: '试用',
      bots: '机器人', refresh: '刷新', reload: '从配置重新加载机器人',
      colId: 'ID', colName: '名称', colPlatform: '平台', colMode: '模式', colConnection: '连接', colHealth: '健康',
      colDetails: '详情', colBot: '机器人', colConversation: '会话', colPerson: '用户', colUpstreamUser: '上游用户',
      colStatus: '状态', colStep: '步骤', colLastActive: '最后活动', colTime: '时间', colLatency: '上游耗时',
      colError: '错误', colText: '内容', colInstance: '实例',
      botsEmpty: '还没有配置机器人。在 config/application.yml 的 bots: 列表中添加，然后点“从配置重新加载机器人”。内置的 web 机器人在“试用”里随时可用。',
      liveSessions: '当前会话', recentTurns: '最近对话',
      recordTextNote: '只有设置 actionbridge.admin.record-text: true 时才显示用户写的内容。',
      playground: '试用', bot: '机器人', asUser: '以用户', resetSession: '重置会话', resetTitle: '结束该用户与机器人的会话',
      webChatKey: '网页对话 API Key',
      webChatKeyNote: '只有设置了 actionbridge.web-chat.api-key 才需要；不设置时网页对话 API 只接受本机的请求。',
      webChatKeyPlaceholder: '网页对话 API Key（可选）',
      legend: '每条回复依次显示为钉钉、企业微信应用和企业微信智能机器人中的样子。', send: '发送',
      connected: '已连接', disconnected: '未连接', unknown: '未知', lastError: '最近错误', reconnects: '重连次数',
      upstreamUnreachable: '上游不可达', allowList: '白名单', people: '人', ownUpstream: '独立的上游设置',
      allBots: '全部机器人', builtIn: '内置', reset: '重置', noSessions: '没有会话。', noTurns: '还没有对话。',
      sessions: '会话', queued: '排队', running: '执行中', busyRefused: '繁忙拒绝', upstream: '上游', sandbox: '沙箱',
      inbox: '持久队列', inboxPending: '待处理', inboxInProgress: '处理中', inboxTakenOver: '已接管', inboxOldest: '最久',
      notSet: '未设置', tokenRefused: '令牌被拒绝。', wrongToken: '令牌不对。', adminAnswered: '管理 API 返回 {0}。',
      reloaded: '已重新加载：{0} 个机器人。新增：{1}。移除：{2}。变更：{3}。', none: '无',
      restartNeeded: '{0} 需要重启：{1}。', notReloaded: '没有重新加载：{0}', sessionReset: '会话已重置。',
      noSessionToReset: '没有要重置的会话。', chosen: '已选择：{0}', chatAnswered: '网页对话 API 返回 {0}',
      switchLang: 'English'
    },
    en: {
      title: 'ActionBridge admin', brand: 'admin console', signOut: 'Sign out', signIn: 'Sign in',
      loginIntro: 'Enter the admin token (the ADMIN_TOKEN the application was started with). It is kept in this browser tab only.',
      tokenPlaceholder: 'admin token', tabBots: 'Bots', tabSessions: 'Sessions', tabTurns: 'Recent turns',
      tabPlayground: 'Playground', bots: 'Bots', refresh: 'Refresh', reload: 'Reload bots from config',
      colId: 'Id', colName: 'Name', colPlatform: 'Platform', colMode: 'Mode', colConnection: 'Connection',
      colHealth: 'Health', colDetails: 'Details', colBot: 'Bot', colConversation: 'Conversation', colPerson: 'Person',
      colUpstreamUser: 'Upstream user', colStatus: 'Status', colStep: 'Step', colLastActive: 'Last active',
      colTime: 'Time', colLatency: 'Upstream latency', colError: 'Error', colText: 'Text', colInstance: 'Instance',
      botsEmpty: 'No bots are configured. Add them to the bots: list of config/application.yml, then press “Reload bots from config”. The built-in web bot is always available in the playground.',
      liveSessions: 'Live sessions', recentTurns: 'Recent turns',
      recordTextNote: 'What people wrote is shown only when actionbridge.admin.record-text: true.',
      playground: 'Playground', bot: 'Bot', asUser: 'As user', resetSession: 'Reset session',
      resetTitle: "End this user's session with the bot", webChatKey: 'Web chat API key',
      webChatKeyNote: 'Only needed when actionbridge.web-chat.api-key is set; without it the web chat API answers requests from this machine only.',
      webChatKeyPlaceholder: 'web chat API key (optional)',
      legend: 'Each reply is shown as DingTalk, a WeCom app and a WeCom AI bot show it.', send: 'Send',
      connected: 'connected', disconnected: 'disconnected', unknown: 'unknown', lastError: 'last error',
      reconnects: 'reconnects', upstreamUnreachable: 'upstream unreachable', allowList: 'allow-list', people: 'people',
      ownUpstream: 'own upstream settings', allBots: 'all bots', builtIn: 'built-in', reset: 'Reset',
      noSessions: 'No live sessions.', noTurns: 'No turns yet.', sessions: 'sessions', queued: 'queued',
      running: 'running', busyRefused: 'busy-refused', upstream: 'upstream', sandbox: 'sandbox', notSet: 'not set',
      inbox: 'inbox', inboxPending: 'pending', inboxInProgress: 'in progress', inboxTakenOver: 'taken over',
      inboxOldest: 'oldest',
      tokenRefused: 'The token was refused.', wrongToken: 'Wrong token.', adminAnswered: 'The admin API answered {0}.',
      reloaded: 'Reloaded: {0} bots. Added: {1}. Removed: {2}. Changed: {3}.', none: 'none',
      restartNeeded: 'Restart needed for {0}: {1}.', notReloaded: 'Not reloaded: {0}', sessionReset: 'Session reset.',
      noSessionToReset: 'No session to reset.', chosen: 'Chosen: {0}', chatAnswered: 'web chat API answered {0}',
      switchLang: '中文'
    }
  };

  function initial() {
    var saved = null;
    try { saved = localStorage.getItem(KEY); } catch (e) { saved = null; }
    if (saved === 'zh' || saved === 'en') { return saved; }
    return /^en/i.test(window.ACTIONBRIDGE_LOCALE || '') ? 'en' : 'zh';
  }

  var lang = initial();

  function t(key) {
    var text = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.en[key] || key;
    var args = Array.prototype.slice.call(arguments, 1);
    return text.replace(/\{(\d)\}/g, function (m, i) { return args[Number(i)] == null ? '' : String(args[Number(i)]); });
  }

  function apply() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach(function (el) { el.textContent = t(el.getAttribute('data-i18n')); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (el) {
      el.setAttribute('placeholder', t(el.getAttribute('data-i18n-placeholder')));
    });
    document.querySelectorAll('[data-i18n-title]').forEach(function (el) {
      el.setAttribute('title', t(el.getAttribute('data-i18n-title')));
    });
  }

  function set(next) {
    lang = next === 'en' ? 'en' : 'zh';
    try { localStorage.setItem(KEY, lang); } catch (e) { /* private mode: the switch lasts this page only */ }
    apply();
  }

  window.ConsoleI18n = {
    t: t, apply: apply, set: set, lang: function () { return lang; },
    toggle: function () { set(lang === 'zh' ? 'en' : 'zh'); }
  };
  document.addEventListener('DOMContentLoaded', apply);
}());
