// Progressive enhancement for the draft page: autosave, live Markdown preview, autosave recovery.
// Every action still works as a plain form post without this file.
(function () {
  'use strict';
  var form = document.getElementById('edit-form');
  if (!form) return;
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var base = form.querySelector('input[name="baseRevisionId"]');
  var status = form.querySelector('[data-autosave-status]');
  var editors = Array.prototype.slice.call(document.querySelectorAll('textarea[form="edit-form"][data-section]'));
  var autosaveTimer = null;
  var previewTimers = {};

  function say(text) {
    if (status) status.textContent = text;
  }

  function send(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { ok: res.ok, status: res.status, data: data };
        });
    });
  }

  function autosave() {
    var sections = {};
    editors.forEach(function (t) {
      sections[t.dataset.section] = t.value;
    });
    send('PUT', form.dataset.autosaveUrl, { baseRevisionId: base.value, sections: sections }).then(
      function (r) {
        if (!r.ok) {
          say('Autosave failed: ' + (r.data.detail || r.status));
          return;
        }
        say(
          r.data.stale
            ? 'Draft kept, but someone saved a newer revision: saving will show both versions.'
            : 'Draft kept (not yet a revision).',
        );
      },
      function () {
        say('Autosave failed: offline?');
      },
    );
  }

  function preview(t) {
    var target = document.getElementById('preview-' + t.dataset.section);
    if (!target) return;
    send('POST', '/api/review/preview', { markdown: t.value }).then(function (r) {
      // The server sanitised this HTML (marked + DOMPurify); it is never built from raw input here.
      if (r.ok) target.innerHTML = r.data.html;
    });
  }

  editors.forEach(function (t) {
    t.addEventListener('input', function () {
      say('Unsaved changes…');
      clearTimeout(autosaveTimer);
      autosaveTimer = setTimeout(autosave, 1500);
      if (t.hasAttribute('data-markdown')) {
        clearTimeout(previewTimers[t.id]);
        previewTimers[t.id] = setTimeout(function () {
          preview(t);
        }, 400);
      }
    });
  });

  document.querySelectorAll('details[data-autosave-for]').forEach(function (d) {
    var key = d.getAttribute('data-autosave-for');
    var text = d.querySelector('[data-autosave-text]').textContent;
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = 'Put this text back in the editor';
    b.addEventListener('click', function () {
      var t = document.getElementById('edit-' + key);
      if (!t) return;
      t.value = text;
      t.dispatchEvent(new Event('input'));
      t.focus();
    });
    d.appendChild(b);
  });
})();
