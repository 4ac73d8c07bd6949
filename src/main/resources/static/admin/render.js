/* Renders a neutral reply card ({status, title, text, fields, buttons}) the way DingTalk and WeCom show it.
   Everything from the server is escaped before it becomes HTML. */
(function () {
  'use strict';

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function safeUrl(u) {
    return /^https?:\/\//i.test(String(u || '')) ? String(u) : null;
  }

  /* The markdown subset both platforms show: headings, bold, links, quotes, lists, line breaks. */
  function inline(s) {
    var out = esc(s);
    out = out.replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, function (m, label, url) {
      var u = safeUrl(url.replace(/&amp;/g, '&'));
      return u ? '<a href="' + esc(u) + '" target="_blank" rel="noopener noreferrer">' + label + '</a>' : label;
    });
    out = out.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
    out = out.replace(/`([^`]+)`/g, '<code>$1</code>');
    return out;
  }

  /* Line by line, as both clients do: a heading, a quote or a list line stands alone; other lines join into
     paragraphs, a single newline being a line break and a blank line a new paragraph. */
  function markdown(md) {
    var html = [];
    var para = [];
    function flush() {
      if (para.length) { html.push('<p>' + para.join('<br>') + '</p>'); para = []; }
    }
    String(md || '').split('\n').forEach(function (line) {
      var h = line.match(/^\s{0,3}(#{1,6})\s+(.*)$/);
      var q = line.match(/^\s*>\s?(.*)$/);
      if (!line.trim()) { flush(); return; }
      if (h) { flush(); html.push('<h3>' + inline(h[2]) + '</h3>'); return; }
      if (q) { flush(); html.push('<blockquote>' + inline(q[1]) + '</blockquote>'); return; }
      para.push(inline(line));
    });
    flush();
    return html.join('');
  }

  function plain(md) {
    return String(md || '')
      .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1')
      .replace(/^\s{0,3}(#{1,6}\s+|>\s?)/gm, '')
      .replace(/\*\*|__|`/g, '');
  }

  function cut(s, n) {
    var chars = Array.from(String(s || ''));
    return chars.length <= n ? chars.join('') : chars.slice(0, n - 1).join('') + '…';
  }

  function fieldsOf(card) {
    return (card.fields || []).map(function (f) {
      return { label: f.label != null ? f.label : (f.key != null ? f.key : f.name), value: f.value != null ? f.value : '' };
    });
  }

  function choicesOf(card) { return (card.buttons || []).filter(function (b) { return b.choice != null; }); }
  function linksOf(card) { return (card.buttons || []).filter(function (b) { return b.choice == null && b.url; }); }

  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html != null) { e.innerHTML = html; }
    return e;
  }

  function choiceButton(b, label, onChoice) {
    var btn = el('button', 'choice-btn' + (b.emphasis === 'primary' || b.emphasis === 'secondary' ? ' ' + b.emphasis : ''));
    btn.type = 'button';
    btn.textContent = label;
    btn.setAttribute('data-choice', b.choice);
    btn.setAttribute('data-number', b.number);
    btn.setAttribute('data-label', b.label);
    btn.addEventListener('click', function () { onChoice(b); });
    return btn;
  }

  function linkButton(b, label) {
    var a = el('a', 'link-btn');
    var u = safeUrl(b.url);
    a.textContent = label;
    if (u) { a.href = u; a.target = '_blank'; a.rel = 'noopener noreferrer'; }
    return a;
  }

  /* DingTalk: an action card (choices as vertical buttons, at most 5, and numbered in the text) or markdown. */
  var DT_MAX_BUTTONS = 5;
  function dingtalk(card, onChoice) {
    var wrap = el('div', 'dt-card');
    wrap.setAttribute('data-status', card.status || '');
    var md = [];
    if (card.title) { md.push('### ' + card.title); }
    if (card.text && card.text.trim()) { md.push(card.text.trim()); }
    fieldsOf(card).forEach(function (f) { md.push('**' + f.label + '**：' + f.value); });
    var choices = choicesOf(card);
    var shown = (card.buttons || []).slice(0, DT_MAX_BUTTONS);
    choices.forEach(function (c) { md.push(c.number + '. ' + c.label); });
    linksOf(card).forEach(function (l) { if (shown.indexOf(l) < 0) { md.push('[' + l.label + '](' + l.url + ')'); } });
    if (choices.length) { md.push('> 回复数字即可选择'); }
    wrap.appendChild(el('div', 'dt-body', markdown(md.join('\n\n'))));
    if (shown.length) {
      var buttons = el('div', 'dt-buttons');
      shown.forEach(function (b) {
        buttons.appendChild(b.choice != null ? choiceButton(b, b.label, onChoice) : linkButton(b, b.label));
      });
      wrap.appendChild(buttons);
    }
    wrap.appendChild(el('div', 'dt-status', esc(shown.length ? 'action card' : 'markdown') + ' · ' + esc(card.status)));
    return wrap;
  }

  /* WeCom: a button_interaction template card when there are choices (≤ 6 buttons, short rows), else markdown. */
  var WC = { buttons: 6, withOverflow: 5, rows: 6, title: 26, subtitle: 112, button: 10, key: 5, value: 26 };
  function wecomMarkdown(card) {
    var md = [];
    if (card.title) { md.push('**' + card.title + '**'); }
    if (card.text && card.text.trim()) { md.push(card.text.trim()); }
    var tail = fieldsOf(card).map(function (f) { return '> ' + f.label + '：' + f.value; })
      .concat(linksOf(card).map(function (l) { return '[' + l.label + '](' + l.url + ')'; }));
    var box = el('div', 'wc-md', markdown(md.join('\n') + (tail.length ? '\n' + tail.join('\n') : '')));
    box.setAttribute('data-status', card.status || '');
    return box;
  }

  function wecom(card, onChoice) {
    var container = el('div', 'wc-stack');
    var choices = choicesOf(card);
    if (!choices.length) {
      container.appendChild(wecomMarkdown(card));
      return container;
    }
    var overflow = choices.length > WC.buttons;
    var onCard = overflow ? choices.slice(0, WC.withOverflow) : choices;
    var rows = linksOf(card).slice(0, WC.rows).map(function (l) { return { k: '链接', v: cut(l.label, WC.value), url: l.url }; });
    var linkRows = rows.slice();
    var body = plain(card.text).trim();
    // As the WeCom renderer does: cut labels are numbered on the buttons and listed whole in the text.
    var labelsCut = onCard.some(function (c) { return Array.from(String(c.label)).length > WC.button; });
    if (labelsCut) {
      body += (body ? '\n' : '') + onCard.map(function (c) { return c.number + '. ' + c.label; }).join('\n');
    }
    fieldsOf(card).forEach(function (f) {
      var fits = rows.length < WC.rows && Array.from(String(f.label)).length <= WC.key && Array.from(String(f.value)).length <= WC.value;
      if (fits) { rows.push({ k: f.label, v: f.value }); } else { body += (body ? '\n' : '') + f.label + '：' + f.value; }
    });
    if (Array.from(body).length > WC.subtitle) {
      container.appendChild(wecomMarkdown({ status: card.status, title: card.title, text: card.text, fields: card.fields, buttons: linksOf(card) }));
      body = '请选择：';
      rows = linkRows;
    }
    if (overflow) { body = cut((body ? body + '\n' : '') + '共 ' + choices.length + ' 项，其余选项见下一条消息', WC.subtitle); }
    var tc = el('div', 'wc-card');
    tc.setAttribute('data-status', card.status || '');
    tc.appendChild(el('div', 'wc-source', 'ActionBridge'));
    tc.appendChild(el('div', 'wc-title', esc(cut(card.title || card.status, WC.title))));
    if (body) { tc.appendChild(el('div', 'wc-desc', esc(body))); }
    rows.forEach(function (r) {
      var row = el('div', 'wc-row');
      row.appendChild(el('span', 'k', esc(r.k)));
      var v = el('span', 'v');
      if (r.url && safeUrl(r.url)) { v.appendChild(linkButton({ url: r.url }, r.v)); } else { v.textContent = r.v; }
      row.appendChild(v);
      tc.appendChild(row);
    });
    var buttons = el('div', 'wc-buttons');
    onCard.forEach(function (c) { buttons.appendChild(choiceButton(c, cut(labelsCut ? c.number + '. ' + c.label : c.label, WC.button), onChoice)); });
    tc.appendChild(buttons);
    container.appendChild(tc);
    if (overflow) {
      var more = ['**更多选项**', '回复数字即可选择'].concat(choices.slice(WC.withOverflow).map(function (c) { return c.number + '. ' + c.label; }));
      container.appendChild(el('div', 'wc-md wc-more', markdown(more.join('\n'))));
    }
    return container;
  }

  /* WeCom AI bot: the answer is a stream (markdown, shown as it grows) carrying at most one template card. The card
     is the self-built app's; text that the app sends as separate markdown messages is part of the stream here. */
  function wecomAibot(card, onChoice) {
    var app = wecom(card, onChoice);
    var wrap = el('div', 'wecom wa-answer');
    wrap.setAttribute('data-status', card.status || '');
    var stream = el('div', 'wc-md wa-stream');
    stream.appendChild(el('div', 'wa-kind', 'stream'));
    var tc = null;
    Array.prototype.slice.call(app.children).forEach(function (child) {
      if (child.classList.contains('wc-card')) { tc = child; return; }
      Array.prototype.slice.call(child.childNodes).forEach(function (n) { stream.appendChild(n); });
    });
    if (tc && stream.childNodes.length === 1) { stream.appendChild(el('p', null, '<strong>' + esc(card.title || card.status) + '</strong>')); }
    wrap.appendChild(stream);
    if (tc) { wrap.appendChild(tc); }
    return wrap;
  }

  window.CardRender = { dingtalk: dingtalk, wecom: wecom, wecomAibot: wecomAibot, markdown: markdown, escape: esc };
})();
