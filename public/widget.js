/*!
 * Vouchie Support — live chat widget loader (docs/chat.md, "Embedding the widget").
 *   <script src="https://pomoc.vouchie.pl/widget.js" async></script>
 * Adds one launcher button (fixed, bottom right: the host page's layout never moves) that opens the chat in an
 * iframe served by Vouchie Support, isolated from the host page's CSS and JS. One global: window.VouchieChat.
 * Optional, set before the script runs:
 *   window.VouchieChat = { ssoToken: () => fetch('/support/sso-token').then((r) => r.text()), locale: 'pl', userId: 'usr-1' };
 * ssoToken: the Vouchie panel's signed SSO token (docs/sso.md), asked for each time the chat needs one. Or, with no
 * JavaScript of the host's own: <script src="…/widget.js" data-sso-url="/support/sso-token" data-user-id="usr-1" async>
 * (a same-origin URL of the host answering a fresh token as text).
 */
(function () {
  'use strict';
  var w = window;
  var d = document;
  var prior = w.VouchieChat;
  if (prior && prior.loaded) return;
  var config = prior && typeof prior === 'object' ? prior : {};
  var autoOpen = config.open === true;
  var script = d.currentScript || d.querySelector('script[src$="/widget.js"]');
  if (!script) return;
  var base = new URL(script.src, w.location.href).origin;
  var ssoUrl = script.getAttribute('data-sso-url');
  if (typeof config.ssoToken !== 'function' && ssoUrl) {
    config.ssoToken = function () {
      return fetch(ssoUrl, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
        if (!response.ok) throw new Error('sso token ' + response.status);
        return response.text();
      });
    };
  }
  if (!config.userId && script.getAttribute('data-user-id')) config.userId = script.getAttribute('data-user-id');
  var SOURCE = 'vouchie-chat';
  var OPEN_KEY = 'vouchie-chat:open';
  var BRAND = '#2545ea';
  var Z = '2147483000';

  var htmlLang = (d.documentElement.getAttribute('lang') || '').slice(0, 2).toLowerCase();
  var lang = (config.locale || script.getAttribute('data-lang') || htmlLang) === 'en' ? 'en' : 'pl';
  var text = {
    pl: { open: 'Otwórz czat z pomocą Vouchie', close: 'Zamknij czat z pomocą Vouchie', title: 'Czat z pomocą Vouchie' },
    en: { open: 'Open chat with Vouchie support', close: 'Close chat with Vouchie support', title: 'Chat with Vouchie support' },
  }[lang];

  var ICON_CHAT =
    '<svg xmlns="http://www.w3.org/2000/svg" width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M7.9 20A9 9 0 1 0 4 16.1L2 22Z"/></svg>';
  var ICON_CLOSE =
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M18 6 6 18"/><path d="m6 6 12 12"/></svg>';

  function css(element, styles) {
    for (var key in styles) element.style.setProperty(key, styles[key], 'important');
  }

  var state = { open: false, ready: false, frame: null, panel: null, button: null };
  var narrow = w.matchMedia ? w.matchMedia('(max-width: 480px)') : null;

  function post(message) {
    if (!state.frame || !state.frame.contentWindow) return;
    message.source = SOURCE;
    state.frame.contentWindow.postMessage(message, base);
  }

  function layout() {
    if (!state.panel || !state.button) return;
    var small = narrow && narrow.matches;
    css(
      state.panel,
      small
        ? { top: '0', left: '0', right: '0', bottom: '0', width: '100%', height: '100%', 'border-radius': '0' }
        : { top: 'auto', left: 'auto', right: '20px', bottom: '92px', width: '380px', height: 'min(640px, calc(100vh - 116px))', 'border-radius': '16px' },
    );
    css(state.panel, { display: state.open ? 'block' : 'none' });
    // On a phone the open chat fills the screen and has its own close button.
    css(state.button, { display: state.open && small ? 'none' : 'flex' });
    state.button.innerHTML = state.open ? ICON_CLOSE : ICON_CHAT;
    state.button.setAttribute('aria-label', state.open ? text.close : text.open);
    state.button.setAttribute('aria-expanded', state.open ? 'true' : 'false');
  }

  function frameUrl() {
    var params = new URLSearchParams({ lang: lang, page: w.location.href.slice(0, 2000) });
    if (typeof config.ssoToken === 'function') params.set('sso', '1');
    if (config.userId) params.set('uid', String(config.userId).slice(0, 200));
    return base + '/czat/widget?' + params.toString();
  }

  function ensureFrame() {
    if (state.frame) return;
    var frame = d.createElement('iframe');
    frame.src = frameUrl();
    frame.title = text.title;
    frame.setAttribute('allow', 'clipboard-write');
    css(frame, { border: '0', width: '100%', height: '100%', display: 'block', background: '#fff', margin: '0', padding: '0' });
    state.panel.appendChild(frame);
    state.frame = frame;
  }

  function remember(open) {
    try {
      if (open) w.sessionStorage.setItem(OPEN_KEY, '1');
      else w.sessionStorage.removeItem(OPEN_KEY);
    } catch {
      /* storage refused: the panel just starts closed after a reload */
    }
  }

  function open(options) {
    ensureFrame();
    state.open = true;
    remember(true);
    layout();
    if (!(options && options.quiet)) {
      state.frame.focus();
      if (state.ready) post({ type: 'opened' });
    }
  }

  function close() {
    state.open = false;
    remember(false);
    layout();
    state.button.focus();
  }

  function onMessage(event) {
    if (event.origin !== base || !state.frame || event.source !== state.frame.contentWindow) return;
    var data = event.data;
    if (!data || data.source !== SOURCE) return;
    if (data.type === 'ready') {
      state.ready = true;
      if (state.open && d.activeElement === state.frame) post({ type: 'opened' });
    } else if (data.type === 'close') {
      close();
    } else if (data.type === 'sso-request' && typeof data.id === 'string') {
      var id = data.id;
      Promise.resolve()
        .then(function () {
          if (typeof config.ssoToken !== 'function') throw new Error('no ssoToken');
          return config.ssoToken();
        })
        .then(
          function (token) {
            post({ type: 'sso-token', id: id, token: String(token || '').trim() });
          },
          function () {
            post({ type: 'sso-error', id: id });
          },
        );
    }
  }

  function mount() {
    var button = d.createElement('button');
    button.type = 'button';
    button.setAttribute('data-vouchie-chat', 'launcher');
    css(button, {
      position: 'fixed',
      right: '20px',
      bottom: '20px',
      width: '60px',
      height: '60px',
      margin: '0',
      padding: '0',
      border: '0',
      'border-radius': '50%',
      background: BRAND,
      color: '#fff',
      cursor: 'pointer',
      display: 'flex',
      'align-items': 'center',
      'justify-content': 'center',
      'box-shadow': '0 8px 24px rgba(37,69,234,.35), 0 2px 6px rgba(15,23,42,.2)',
      'z-index': Z,
      outline: 'none',
    });
    button.addEventListener('click', function () {
      if (state.open) close();
      else open();
    });
    // A visible focus ring on the host page's own terms would depend on its CSS: ours is inline.
    button.addEventListener('focus', function () {
      var visible = true;
      try {
        visible = button.matches(':focus-visible');
      } catch {
        visible = true;
      }
      if (visible) css(button, { outline: '3px solid #93b4fd', 'outline-offset': '3px' });
    });
    button.addEventListener('blur', function () {
      css(button, { outline: 'none' });
    });

    var panel = d.createElement('div');
    panel.setAttribute('data-vouchie-chat', 'panel');
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', text.title);
    button.setAttribute('aria-controls', (panel.id = 'vouchie-chat-panel'));
    css(panel, {
      position: 'fixed',
      overflow: 'hidden',
      background: '#fff',
      'box-shadow': '0 24px 48px rgba(15,23,42,.22), 0 0 0 1px rgba(15,23,42,.08)',
      'z-index': Z,
      display: 'none',
      margin: '0',
      padding: '0',
    });

    d.body.appendChild(panel);
    d.body.appendChild(button);
    state.panel = panel;
    state.button = button;
    w.addEventListener('message', onMessage);
    if (narrow) {
      if (narrow.addEventListener) narrow.addEventListener('change', layout);
      else if (narrow.addListener) narrow.addListener(layout);
    }
    layout();
    var wasOpen = false;
    try {
      wasOpen = w.sessionStorage.getItem(OPEN_KEY) === '1';
    } catch {
      wasOpen = false;
    }
    if (wasOpen || autoOpen) open({ quiet: true });
  }

  w.VouchieChat = {
    loaded: true,
    ssoToken: config.ssoToken,
    locale: lang,
    userId: config.userId,
    open: function () {
      if (state.button) open();
    },
    close: function () {
      if (state.button && state.open) close();
    },
    toggle: function () {
      if (state.button) (state.open ? close : open)();
    },
  };
  // Later changes to window.VouchieChat.ssoToken are honoured too.
  config = w.VouchieChat;

  if (d.body) mount();
  else d.addEventListener('DOMContentLoaded', mount);
})();
