// The review workspace: select a sentence to see its source passage, walk the flags, keys.
// Enhancement only: without this file every sentence is still a link to its passage (:target
// highlights it) and every action is a plain form.
const ws = document.getElementById('workspace');
if (ws) init(ws);

function init(ws) {
  const sentences = [...ws.querySelectorAll('a.sentence')];
  const live = document.getElementById('ws-live');
  const keys = document.getElementById('ws-keys');
  const wide = window.matchMedia('(min-width: 1100px)');
  let current = -1;
  let currentFlag = null;

  const say = (text) => {
    // Cleared first so the same sentence selected twice is read again.
    live.textContent = '';
    window.setTimeout(() => (live.textContent = text), 50);
  };
  const byId = (id) => (id ? document.getElementById(id) : null);
  const list = (el, name) => (el.dataset[name] || '').split(' ').filter(Boolean);
  const openFlagItems = () => [...document.querySelectorAll('.flag-item:not(.done)')];

  function setView(view) {
    ws.dataset.view = view;
    ws.querySelectorAll('[data-view-button]').forEach((b) => {
      b.setAttribute('aria-current', String(b.dataset.viewButton === view));
    });
  }

  /** Scrolls a panel (not the page) so the element sits near its top. */
  function reveal(el) {
    const panel = el.closest('.ws-panel');
    if (wide.matches && panel) {
      const top = el.getBoundingClientRect().top - panel.getBoundingClientRect().top;
      panel.scrollTo({ top: panel.scrollTop + top - panel.clientHeight / 3, behavior: 'smooth' });
    } else el.scrollIntoView({ block: 'center' });
  }

  function select(i, opts = {}) {
    if (i < 0 || i >= sentences.length) return;
    ws.querySelectorAll('.sentence.selected, .passage.selected').forEach((el) => {
      el.classList.remove('selected');
      el.removeAttribute('aria-current');
    });
    sentences.forEach((s, j) => (s.tabIndex = j === i ? 0 : -1));
    const s = sentences[i];
    current = i;
    s.classList.add('selected');
    s.setAttribute('aria-current', 'true');
    const passages = list(s, 'passages').map(byId).filter(Boolean);
    passages.forEach((p) => p.classList.add('selected'));
    if (opts.focus !== false) s.focus({ preventScroll: true });
    reveal(s);
    if (passages[0] && wide.matches) reveal(passages[0]);
    say(opts.message ? `${s.dataset.say} ${opts.message}` : s.dataset.say);
  }

  function openEvidence() {
    const s = sentences[current];
    if (!s) return;
    const p = byId(list(s, 'passages')[0]);
    if (!p) {
      say('This sentence has no supporting passage in the sources.');
      return;
    }
    setView('sources');
    p.tabIndex = -1;
    p.focus({ preventScroll: true });
    reveal(p);
    say(`Evidence: ${p.textContent}`);
  }

  function backToSentence() {
    setView('draft');
    const s = sentences[current];
    if (s) {
      s.focus({ preventScroll: true });
      reveal(s);
    }
  }

  /** Moves to the next (+1) or previous (-1) open flag and selects its sentence. */
  function stepFlag(dir) {
    const items = openFlagItems();
    if (!items.length) {
      say('No open flags. Press s to go to sign-off.');
      return;
    }
    const at = items.findIndex((f) => f.id === `flag-${currentFlag}`);
    let next;
    if (at >= 0) next = items[at + dir];
    else {
      // From the selected sentence: the first open flag after it (or before it, going back).
      const order = items.map((f) => sentenceOfFlag(f.id.slice(5)));
      const k = dir > 0 ? order.findIndex((n) => n >= current) : order.findLastIndex((n) => n >= 0 && n < current);
      next = items[k >= 0 ? k : dir > 0 ? 0 : items.length - 1];
    }
    if (!next) {
      say(dir > 0 ? 'That was the last open flag.' : 'That was the first open flag.');
      return;
    }
    selectFlag(next.id.slice(5));
  }

  function sentenceOfFlag(id) {
    return sentences.findIndex((s) => list(s, 'flags').includes(id));
  }

  function selectFlag(id) {
    currentFlag = id;
    const item = byId(`flag-${id}`);
    const open = openFlagItems();
    const label = item
      ? `Flag ${open.indexOf(item) + 1} of ${open.length} open. Press a to acknowledge it with a note.`
      : '';
    const i = sentenceOfFlag(id);
    if (i >= 0) select(i, { message: label });
    else if (item) {
      item.focus();
      say(`${item.textContent.trim().split('\n')[0]} ${label}`);
    }
  }

  function acknowledge() {
    let id = currentFlag;
    const s = sentences[current];
    if (s && !list(s, 'openFlags').includes(id)) id = list(s, 'openFlags')[0] || id;
    const note = byId(`ack-note-${id}`);
    if (!note) {
      say('No open flag here to acknowledge. Press n for the next one.');
      return;
    }
    currentFlag = id;
    note.scrollIntoView({ block: 'center' });
    note.focus();
  }

  function goToSignOff() {
    const panel = byId('sign-off');
    if (!panel) return;
    const target = panel.querySelector('#signoff-password') || panel.querySelector('a') || panel;
    if (target === panel) panel.tabIndex = -1;
    setView('signoff');
    panel.scrollIntoView({ block: 'nearest' });
    target.focus();
    say(panel.querySelector('h2').textContent);
  }

  function openKeys() {
    if (keys && !keys.open) keys.showModal();
  }

  // Edits not yet saved block sign-off: the signature would not cover them.
  let dirty = false;
  function markDirty() {
    if (dirty) return;
    dirty = true;
    const item = document.querySelector('#sign-off [data-check="unsaved"]');
    if (item && item.classList.contains('ok')) {
      item.className = 'check blocks';
      item.querySelector('.check-mark').textContent = '✗';
      item.lastChild.textContent = ' Unsaved edits: save them (Ctrl+S) first';
    }
    const title = document.getElementById('signoff-title');
    if (title) title.textContent = 'What blocks sign-off';
    const form = document.querySelector('[data-signoff-form]');
    if (form) {
      form.hidden = true;
      const note = document.createElement('p');
      note.className = 'hint';
      note.textContent = 'Save your edits first: a sign-off covers the saved revision only.';
      form.after(note);
    }
  }
  document.addEventListener('input', (e) => {
    if (e.target.closest && e.target.closest('[form="edit-form"], #edit-form, .editor')) markDirty();
  });

  const typing = (el) =>
    el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.closest('.cm-editor'));

  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      const form = document.getElementById('edit-form');
      if (form) {
        e.preventDefault();
        say('Saving…');
        form.requestSubmit();
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target)) return;
    if (keys && keys.open) return;
    const onSentence = e.target.classList && e.target.classList.contains('sentence');
    const actions = {
      j: () => select(current + 1),
      k: () => select(Math.max(current - 1, 0)),
      n: () => stepFlag(1),
      p: () => stepFlag(-1),
      e: openEvidence,
      a: acknowledge,
      s: goToSignOff,
      d: () => (ws.dataset.view === 'sources' ? backToSentence() : openEvidence()),
      '?': openKeys,
      Escape: backToSentence,
    };
    if (onSentence) {
      actions.ArrowDown = actions.ArrowRight = actions.j;
      actions.ArrowUp = actions.ArrowLeft = actions.k;
      actions.Enter = openEvidence;
    }
    if (e.key === 'Escape' && !e.target.closest('#ws-sources')) return;
    const act = actions[e.key];
    if (!act) return;
    e.preventDefault();
    if (current < 0 && /^[jk]$|^Arrow/.test(e.key)) select(0);
    else act();
  });

  sentences.forEach((s, i) => {
    s.tabIndex = i === 0 ? 0 : -1;
    s.addEventListener('click', (e) => {
      e.preventDefault();
      const flags = list(s, 'openFlags');
      if (flags.length) currentFlag = flags[0];
      select(i);
    });
    // Tabbing onto a sentence chooses it too (roving tabindex: the draft is one tab stop).
    s.addEventListener('focus', () => {
      if (current !== i) select(i, { focus: false });
    });
  });
  ws.querySelectorAll('.passage[data-sentences]').forEach((p) => {
    p.addEventListener('click', (e) => {
      if (e.target.closest('a')) return;
      const i = sentences.findIndex((s) => s.id === list(p, 'sentences')[0]);
      if (i >= 0) select(i, { focus: false });
    });
  });

  ws.querySelectorAll('[data-view-button]').forEach((b) =>
    b.addEventListener('click', (e) => {
      e.preventDefault();
      if (b.dataset.viewButton === 'draft') backToSentence();
      else setView(b.dataset.viewButton);
    }),
  );
  const keysButton = document.querySelector('[data-open-keys]');
  if (keysButton) {
    keysButton.hidden = false;
    keysButton.addEventListener('click', openKeys);
  }
  ws.classList.add('enhanced');
  setView('draft');

  // Back from an acknowledgement (/briefings/:id#flag-…): carry on from that flag.
  const m = /^#flag-([0-9a-f-]+)$/.exec(location.hash);
  if (m) {
    currentFlag = m[1];
    const i = sentenceOfFlag(m[1]);
    if (i >= 0) select(i);
  }
}
