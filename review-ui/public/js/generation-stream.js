// Progressive enhancement: live progress for a running generation. Without it the page is still correct after a reload.
(function () {
  'use strict';
  if (!window.EventSource) return;

  function fill(container, sections) {
    var preview = container.querySelector('[data-generation-preview]');
    if (preview) preview.hidden = false;
    container.querySelectorAll('[data-section]').forEach(function (el) {
      var key = el.getAttribute('data-section');
      var value = sections[key];
      if (value === undefined) return;
      if (Array.isArray(value)) {
        var tag = el.tagName === 'UL' || el.tagName === 'OL' ? 'li' : 'p';
        el.replaceChildren.apply(
          el,
          value.map(function (text) {
            var item = document.createElement(tag);
            item.textContent = text; // model text is untrusted: never innerHTML
            return item;
          }),
        );
      } else {
        el.textContent = value;
      }
    });
  }

  function setStatus(container, text) {
    var el = container.querySelector('[data-generation-field="statusLabel"]');
    if (el) el.textContent = text;
  }

  var LABELS = { queued: 'Queued', running: 'Writing…', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

  document.querySelectorAll('[data-generation-stream]').forEach(function (container) {
    if (container.dataset.generationStreaming) return; // the partial may be included more than once
    container.dataset.generationStreaming = '1';
    var source = new EventSource(container.getAttribute('data-generation-stream'));
    var finish = function (label) {
      source.close();
      setStatus(container, label);
      // The saved revision (or the error) is rendered by the server: reload to show it.
      setTimeout(function () {
        window.location.reload();
      }, 800);
    };
    source.addEventListener('status', function (e) {
      var d = JSON.parse(e.data);
      setStatus(container, LABELS[d.status] || d.status);
    });
    source.addEventListener('progress', function (e) {
      var d = JSON.parse(e.data);
      fill(container, d.sections || {});
    });
    source.addEventListener('done', function () {
      finish('Done');
    });
    source.addEventListener('failed', function (e) {
      var d = JSON.parse(e.data);
      finish(d.status === 'cancelled' ? 'Cancelled' : 'Failed');
    });
  });
})();
