/* The admin console: sign in with the admin token, bots, sessions, recent turns, and the playground. */
(function () {
  'use strict';
  var TOKEN_KEY = 'actionbridge.admin.token';
  var esc = window.CardRender.escape;
  var T = window.ConsoleI18n.t;
  var $ = function (id) { return document.getElementById(id); };
  var bots = [];

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function api(method, path, body) {
    var init = { method: method, headers: { 'Authorization': 'Bearer ' + token() } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch('/admin/api' + path, init).then(function (r) {
      if (r.status === 401) { signOut(T('tokenRefused')); throw new Error('unauthorized'); }
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = { error: t }; }
        return { status: r.status, ok: r.ok, data: data };
      });
    });
  }

  function signIn(candidate) {
    return fetch('/admin/api/overview', { headers: { 'Authorization': 'Bearer ' + candidate } }).then(function (r) {
      if (!r.ok) { throw new Error(r.status === 401 ? T('wrongToken') : T('adminAnswered', r.status)); }
      sessionStorage.setItem(TOKEN_KEY, candidate);
      showApp();
    });
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('app').hidden = true;
    $('logout').hidden = true;
    $('overview').textContent = '';
    $('login').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
  }

  function showApp() {
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    refreshOverview();
    loadBots();
  }

  function refreshOverview() {
    api('GET', '/overview').then(function (r) {
      var o = r.data || {};
      var parts = [];
      parts.push(T('sessions') + ' ' + (o.sessions == null ? '–' : o.sessions));
      if (o.engine) { parts.push(T('queued') + ' ' + o.engine.queued + ' · ' + T('running') + ' ' + o.engine.running + ' · ' + T('busyRefused') + ' ' + o.engine.rejected); }
      if (o.upstream) {
        parts.push(T('upstream') + ' ' + (o.upstream.sandbox ? T('sandbox') : (o.upstream.target || T('notSet'))) + ' ' + (o.upstream.reachable ? '✓' : '✗'));
      }
      $('overview').textContent = parts.join('  |  ');
      return api('GET', '/inbox');
    }).then(function (r) {
      var q = r && r.data;
      if (!q || !q.durable) { return; }
      var running = Object.keys(q.inProgress || {}).map(function (k) { return k + ' ' + q.inProgress[k]; }).join(', ');
      $('overview').textContent += '  |  ' + T('inbox') + ': ' + T('inboxPending') + ' ' + q.pending + ' · '
        + T('inboxInProgress') + ' ' + (running || '0') + ' · ' + T('inboxTakenOver') + ' ' + q.takenOver + ' · '
        + T('inboxOldest') + ' ' + Math.round(q.oldestAgeSeconds) + 's';
    }).catch(function () {});
  }

  function badge(text, cls) { return '<span class="badge ' + esc(cls || text) + '">' + esc(text) + '</span>'; }

  function fmtTime(t) {
    if (!t) { return ''; }
    var d = new Date(t);
    return isNaN(d) ? esc(t) : esc(d.toLocaleString());
  }

  function loadBots() {
    return api('GET', '/bots').then(function (r) {
      bots = r.data || [];
      var rows = bots.map(function (b) {
        var c = b.connection;
        var conn = c ? badge(c.connected ? T('connected') : T('disconnected'), c.connected ? 'yes' : 'no') +
          (c.detail ? ' <span class="details">' + esc(c.detail) + '</span>' : '') : badge(T('unknown'), 'UNKNOWN');
        var d = b.details || {};
        var detail = [];
        if (c && c.lastError) { detail.push(T('lastError') + ': ' + c.lastError); }
        if (c && c.reconnects) { detail.push(T('reconnects') + ': ' + c.reconnects); }
        if (d.upstreamReachable === false) { detail.push(T('upstreamUnreachable') + (d.upstreamError ? ': ' + d.upstreamError : '')); }
        if (b.allowedUsers) { detail.push(T('allowList') + ': ' + b.allowedUsers + ' ' + T('people')); }
        if (b.upstreamOverrides) { detail.push(T('ownUpstream')); }
        return '<tr data-bot="' + esc(b.id) + '"><td>' + esc(b.id) + '</td><td>' + esc(b.name) + '</td><td>' + esc(b.platform) +
          '</td><td>' + esc(b.mode) + '</td><td>' + conn + '</td><td>' + badge(b.health) + '</td><td class="details">' +
          esc(detail.join(' · ')) + '</td></tr>';
      });
      $('bots-body').innerHTML = rows.join('');
      $('bots-empty').hidden = bots.length > 0;
      fillBotSelects();
    });
  }

  function fillBotSelects() {
    var ids = bots.map(function (b) { return b.id; });
    document.querySelectorAll('.bot-filter').forEach(function (sel) {
      var current = sel.value;
      sel.innerHTML = '<option value="">' + esc(T('allBots')) + '</option><option value="web">web</option>' +
        ids.map(function (id) { return '<option value="' + esc(id) + '">' + esc(id) + '</option>'; }).join('');
      sel.value = current;
    });
    var pg = $('pg-bot');
    var chosen = pg.value || 'web';
    pg.innerHTML = '<option value="web">web (' + esc(T('builtIn')) + ')</option>' + bots.map(function (b) {
      return '<option value="' + esc(b.id) + '">' + esc(b.id) + ' — ' + esc(b.platform) + '</option>';
    }).join('');
    pg.value = ids.indexOf(chosen) >= 0 || chosen === 'web' ? chosen : 'web';
  }

  function loadSessions() {
    var bot = $('sessions-bot').value;
    return api('GET', '/sessions' + (bot ? '?bot=' + encodeURIComponent(bot) : '')).then(function (r) {
      if (!r.ok) {
        $('sessions-body').innerHTML = '';
        $('sessions-note').hidden = false;
        $('sessions-note').textContent = (r.data && r.data.error) || ('error ' + r.status);
        return;
      }
      var list = r.data || [];
      $('sessions-note').hidden = list.length > 0;
      $('sessions-note').textContent = T('noSessions');
      $('sessions-body').innerHTML = list.map(function (s, i) {
        return '<tr><td>' + esc(s.botId) + '</td><td>' + esc(s.conversationId) + '</td><td>' + esc(s.personId) + '</td><td>' +
          esc(s.upstreamUserId) + '</td><td>' + esc(s.status) + '</td><td>' + esc(s.step) + '</td><td>' + fmtTime(s.lastActive) +
          '</td><td><button class="ghost reset-session" data-index="' + i + '">' + esc(T('reset')) + '</button></td></tr>';
      }).join('');
      document.querySelectorAll('.reset-session').forEach(function (btn) {
        btn.addEventListener('click', function () {
          var s = list[Number(btn.getAttribute('data-index'))];
          btn.disabled = true;
          api('POST', '/sessions/reset', { botId: s.botId, conversationId: s.conversationId, personId: s.personId })
            .then(loadSessions);
        });
      });
    });
  }

  function loadTurns() {
    var bot = $('turns-bot').value;
    return api('GET', '/turns' + (bot ? '?bot=' + encodeURIComponent(bot) : '')).then(function (r) {
      var list = r.data || [];
      $('turns-note').hidden = list.length > 0;
      $('turns-note').textContent = T('noTurns');
      $('turns-body').innerHTML = list.map(function (t) {
        return '<tr><td>' + fmtTime(t.at) + '</td><td>' + esc(t.botId) + '</td><td>' + esc(t.personId) + '</td><td>' + esc(t.status) +
          '</td><td>' + esc(t.latencyMs) + ' ms</td><td>' + esc(t.error || '') + '</td><td>' + esc(t.text == null ? '' : t.text) + '</td><td>' +
          esc(t.instance || '') + '</td></tr>';
      }).join('');
    });
  }

  function reloadBots() {
    $('reload').disabled = true;
    api('POST', '/reload').then(function (r) {
      var o = r.data || {};
      var p = $('reload-result');
      p.hidden = false;
      if (o.applied) {
        var none = T('none');
        var text = T('reloaded', (o.bots || []).length, (o.added || []).join(', ') || none,
          (o.removed || []).join(', ') || none, (o.changed || []).join(', ') || none);
        var restart = o.restartRequired || {};
        Object.keys(restart).forEach(function (id) { text += ' ' + T('restartNeeded', id, restart[id]); });
        if (o.note) { text += ' ' + o.note; }
        p.className = 'note';
        p.textContent = text;
      } else {
        p.className = 'error';
        p.textContent = T('notReloaded', (o.errors || [o.error || ('error ' + r.status)]).join(' · '));
      }
      return loadBots();
    }).finally(function () { $('reload').disabled = false; });
  }

  /* Playground: the web chat API with the chosen bot's settings; every reply rendered twice. */
  function chatBody(extra) {
    var body = { user_id: $('pg-user').value.trim() || 'admin-playground' };
    var bot = $('pg-bot').value;
    if (bot && bot !== 'web') { body.bot_id = bot; }
    Object.keys(extra).forEach(function (k) { body[k] = extra[k]; });
    return body;
  }

  function chat(extra, replyEl) {
    var headers = { 'Content-Type': 'application/json' };
    var key = $('pg-key').value.trim();
    if (key) { headers['X-Api-Key'] = key; }
    $('pg-send').disabled = true;
    return fetch('/api/v1/chat', { method: 'POST', headers: headers, body: JSON.stringify(chatBody(extra)) })
      .then(function (r) {
        return r.text().then(function (t) {
          var data;
          try { data = JSON.parse(t); } catch (e) { data = null; }
          if (!r.ok || !data) { throw new Error(T('chatAnswered', r.status) + (t ? ': ' + t.slice(0, 200) : '')); }
          return data;
        });
      })
      .then(function (data) {
        if (replyEl && data.chosen) {
          replyEl.classList.add('picked');
          addLine('msg-chosen', T('chosen', data.chosen));
        }
        (data.replies || []).forEach(addReply);
      })
      .catch(function (e) { addLine('msg-error', e.message); })
      .finally(function () { $('pg-send').disabled = false; $('pg-text').focus(); refreshOverview(); });
  }

  function addLine(cls, text) {
    var d = document.createElement('div');
    d.className = cls;
    d.textContent = text;
    $('pg-log').appendChild(d);
    $('pg-log').scrollTop = $('pg-log').scrollHeight;
  }

  function addReply(card) {
    var reply = document.createElement('div');
    reply.className = 'reply';
    reply.setAttribute('data-status', card.status || '');
    var onChoice = function (button) {
      if (reply.classList.contains('picked')) { return; }
      addLine('msg-user', button.number + '. ' + button.label);
      chat({ choice: button.choice }, reply);
    };
    [['dingtalk', 'DingTalk', window.CardRender.dingtalk], ['wecom', 'WeCom', window.CardRender.wecom],
      ['wecom-aibot', 'WeCom AI bot', window.CardRender.wecomAibot]].forEach(function (r) {
      var col = document.createElement('div');
      col.className = 'card-render ' + r[0];
      var label = document.createElement('div');
      label.className = 'render-label';
      label.textContent = r[1];
      col.appendChild(label);
      col.appendChild(r[2](card, onChoice));
      reply.appendChild(col);
    });
    $('pg-log').appendChild(reply);
    $('pg-log').scrollTop = $('pg-log').scrollHeight;
  }

  function sendText(e) {
    e.preventDefault();
    var text = $('pg-text').value.trim();
    if (!text) { return; }
    $('pg-text').value = '';
    addLine('msg-user', text);
    chat({ text: text }, null);
  }

  function resetPlayground() {
    var user = $('pg-user').value.trim() || 'admin-playground';
    var bot = $('pg-bot').value || 'web';
    api('POST', '/sessions/reset', { botId: bot, conversationId: 'web:' + user, personId: user }).then(function (r) {
      $('pg-log').innerHTML = '';
      addLine('msg-chosen', r.ok ? T('sessionReset') : T('noSessionToReset'));
    });
  }

  function showTab(name) {
    document.querySelectorAll('.tabs button').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-tab') === name); });
    document.querySelectorAll('.tab').forEach(function (t) { t.hidden = t.id !== 'tab-' + name; });
    if (name === 'bots') { loadBots(); }
    if (name === 'sessions') { loadSessions(); }
    if (name === 'turns') { loadTurns(); }
    if (name === 'playground') { $('pg-text').focus(); }
    refreshOverview();
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login-form').addEventListener('submit', function (e) {
      e.preventDefault();
      $('login-error').hidden = true;
      signIn($('token').value).catch(function (err) {
        $('login-error').hidden = false;
        $('login-error').textContent = err.message;
      });
    });
    $('logout').addEventListener('click', function () { signOut(); });
    $('lang').addEventListener('click', function () {
      window.ConsoleI18n.toggle();
      if (!$('app').hidden) { refreshOverview(); loadBots(); }
    });
    document.querySelectorAll('.tabs button').forEach(function (b) {
      b.addEventListener('click', function () { showTab(b.getAttribute('data-tab')); });
    });
    $('bots-refresh').addEventListener('click', loadBots);
    $('reload').addEventListener('click', reloadBots);
    $('sessions-refresh').addEventListener('click', loadSessions);
    $('sessions-bot').addEventListener('change', loadSessions);
    $('turns-refresh').addEventListener('click', loadTurns);
    $('turns-bot').addEventListener('change', loadTurns);
    $('pg-form').addEventListener('submit', sendText);
    $('pg-reset').addEventListener('click', resetPlayground);
    if (token()) {
      signIn(token()).catch(function () { signOut(); });
    }
  });
})();
