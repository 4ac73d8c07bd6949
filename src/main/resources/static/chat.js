// ActionBridge web chat: plain JavaScript, no build step, no external resources.
(function () {
  'use strict';

  var STORE = 'actionbridge.webchat.';
  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');

  function newUserId() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return 'u-' + Array.prototype.map.call(bytes, function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
  }

  var settings = {
    userId: localStorage.getItem(STORE + 'userId') || newUserId(),
    apiKey: localStorage.getItem(STORE + 'apiKey') || '',
    botId: localStorage.getItem(STORE + 'botId') || ''
  };
  localStorage.setItem(STORE + 'userId', settings.userId);

  document.getElementById('user-id').value = settings.userId;
  document.getElementById('api-key').value = settings.apiKey;
  document.getElementById('bot-id').value = settings.botId;
  document.getElementById('save-settings').addEventListener('click', function () {
    settings.userId = document.getElementById('user-id').value.trim() || newUserId();
    settings.apiKey = document.getElementById('api-key').value.trim();
    settings.botId = document.getElementById('bot-id').value.trim();
    document.getElementById('user-id').value = settings.userId;
    Object.keys(settings).forEach(function (k) { localStorage.setItem(STORE + k, settings[k]); });
    document.querySelector('.settings').open = false;
  });

  // --- safe markdown: escape everything, then allow bold, links (http/https only) and lists ---
  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function inline(escaped) {
    return escaped
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
        '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  }

  function renderMarkdown(text) {
    var lines = escapeHtml(text || '').split('\n');
    var html = [];
    var paragraph = [];
    var list = null;
    function flushParagraph() {
      if (paragraph.length) {
        html.push('<p>' + paragraph.map(inline).join('<br>') + '</p>');
        paragraph = [];
      }
    }
    function flushList() {
      if (list) {
        html.push('<' + list.tag + '>' + list.items.map(function (i) {
          return '<li>' + inline(i) + '</li>';
        }).join('') + '</' + list.tag + '>');
        list = null;
      }
    }
    lines.forEach(function (line) {
      var bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      var numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (bullet || numbered) {
        var tag = bullet ? 'ul' : 'ol';
        flushParagraph();
        if (list && list.tag !== tag) { flushList(); }
        if (!list) { list = { tag: tag, items: [] }; }
        list.items.push((bullet || numbered)[1]);
      } else if (line.trim() === '') {
        flushParagraph();
        flushList();
      } else {
        flushList();
        paragraph.push(line);
      }
    });
    flushParagraph();
    flushList();
    return html.join('');
  }

  // --- the log ---
  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function addBubble(kind, text) {
    var div = document.createElement('div');
    div.className = 'msg ' + kind;
    var bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.textContent = text;
    div.appendChild(bubble);
    log.appendChild(div);
    scrollDown();
  }

  function addUser(text) {
    addBubble('user', text);
  }

  function addSystem(text, help) {
    addBubble(help ? 'system help' : 'system', text);
  }

  function addCard(card) {
    var div = document.createElement('div');
    div.className = 'msg bot';
    var box = document.createElement('div');
    box.className = 'card ' + String(card.status || '').replace(/[^a-z_]/g, '');
    box.setAttribute('data-status', card.status || '');
    var title = document.createElement('h2');
    title.textContent = card.title || '';
    box.appendChild(title);
    var body = document.createElement('div');
    body.className = 'body';
    body.innerHTML = renderMarkdown(card.text);
    box.appendChild(body);
    if (card.fields && card.fields.length) {
      var dl = document.createElement('dl');
      card.fields.forEach(function (f) {
        var dt = document.createElement('dt');
        dt.textContent = f.label;
        var dd = document.createElement('dd');
        dd.textContent = f.value;
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      box.appendChild(dl);
    }
    var choices = [];
    var options = false;
    if (card.buttons && card.buttons.length) {
      var row = document.createElement('div');
      row.className = 'buttons';
      card.buttons.forEach(function (b) {
        if (b.url) {
          var a = document.createElement('a');
          a.textContent = b.label;
          if (/^https?:\/\//i.test(b.url)) { a.href = b.url; }
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          row.appendChild(a);
        } else if (b.choice) {
          var button = document.createElement('button');
          button.type = 'button';
          if (b.emphasis === 'primary' || b.emphasis === 'secondary') { button.className = b.emphasis; }
          button.textContent = (b.number ? b.number + '. ' : '') + b.label;
          button.setAttribute('data-choice', b.choice);
          button.addEventListener('click', function () { pick(box, b); });
          choices.push(button);
          options = options || !b.more;
          row.appendChild(button);
        }
      });
      box.appendChild(row);
    }
    if (card.omitted) {
      var note = document.createElement('div');
      note.className = 'omitted';
      note.textContent = omittedText(card.omitted);
      box.appendChild(note);
    }
    box.choiceButtons = choices;
    box.hasOptions = options; // a page's 更多 button alone is not an option a typed number could pick
    div.appendChild(box);
    log.appendChild(div);
    scrollDown();
  }

  // What the server left out of a very long answer, and how to reach it.
  function omittedText(o) {
    var parts = [];
    if (o.textChars > 0) { parts.push('内容过长，后面约 ' + o.textChars + ' 字已省略。'); }
    if (o.fields > 0) { parts.push('另有 ' + o.fields + ' 项信息未显示。'); }
    if (o.choices > 0) {
      parts.push('共 ' + o.totalChoices + ' 个选项，这里只显示前 ' + (o.totalChoices - o.choices) +
        ' 个按钮：直接输入序号可选择任一选项，或说得更具体些来缩小范围。');
    }
    return parts.join(' ');
  }

  // Refusals of the web chat API, said in the page with what to do about them.
  function refusal(status, error) {
    if (status === 403) {
      return '无法使用网页对话：服务端没有设置 API Key，所以只接受在运行 ActionBridge 的那台机器上打开的页面。\n' +
        '请任选其一：\n' +
        '1. 在运行 ActionBridge 的机器上打开本页（例如 http://127.0.0.1:8080/）；\n' +
        '2. 请管理员设置环境变量 WEB_CHAT_API_KEY（或 actionbridge.web-chat.api-key）并重启，然后在右上角「设置」里填入同一个 API Key。';
    }
    if (status === 401) {
      return 'API Key 不对或没有填写：请在右上角「设置」里填入服务端的 WEB_CHAT_API_KEY，保存后再发送。';
    }
    return '出错了：' + (error || ('HTTP ' + status));
  }

  function setButtons(box, enabled) {
    (box.choiceButtons || []).forEach(function (b) { b.disabled = !enabled; });
  }

  function markChosen(box, label, expired) {
    setButtons(box, false);
    box.chosenDone = true;
    var note = document.createElement('div');
    note.className = 'chosen';
    note.textContent = expired || '已选择：' + label;
    box.appendChild(note);
  }

  // The newest card with live choices: a typed number picks from it.
  function newestOpenCard() {
    var cards = log.querySelectorAll('.card');
    for (var i = cards.length - 1; i >= 0; i--) {
      if (cards[i].hasOptions) {
        return cards[i].chosenDone ? null : cards[i];
      }
    }
    return null;
  }

  function call(payload) {
    payload.user_id = settings.userId;
    if (settings.botId) { payload.bot_id = settings.botId; }
    var headers = { 'Content-Type': 'application/json' };
    if (settings.apiKey) { headers['X-Api-Key'] = settings.apiKey; }
    return fetch('api/v1/chat', { method: 'POST', headers: headers, body: JSON.stringify(payload) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            var failure = new Error(refusal(response.status, body.error));
            failure.help = response.status === 401 || response.status === 403;
            throw failure;
          }
          return body;
        });
      });
  }

  function show(body) {
    (body.replies || []).forEach(addCard);
  }

  function pick(box, button) {
    setButtons(box, false);
    call({ choice: button.choice }).then(function (body) {
      if (body.chosen != null) {
        markChosen(box, body.chosen);
      } else if (body.expired != null) {
        markChosen(box, null, body.expired);
      } else {
        setButtons(box, true);
      }
      show(body);
    }).catch(function (e) {
      setButtons(box, true);
      addSystem(e.help === undefined ? '出错了：' + e.message : e.message, e.help);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    addUser(text);
    sendButton.disabled = true;
    var open = newestOpenCard();
    call({ text: text }).then(function (body) {
      if (body.chosen != null && open) {
        markChosen(open, body.chosen);
      }
      show(body);
    }).catch(function (e) {
      addSystem(e.help === undefined ? '出错了：' + e.message : e.message, e.help);
    }).then(function () {
      sendButton.disabled = false;
      input.focus();
    });
  });

  // For tests and embedding pages: the same safe renderer the cards use.
  window.ActionBridgeChat = { renderMarkdown: renderMarkdown };

  addCard({
    status: 'welcome',
    title: '你好，我是 ActionBridge',
    text: '告诉我你想做什么，我来帮你在 AI 动作平台上完成，例如：\n\n- 把你好发送到企业微信群机器人\n- 帮我创建一个待办\n- 我要请假\n\n回复 **帮助** 查看说明，回复 **重新开始** 从头再来。',
    buttons: []
  });
  input.focus();
}());
