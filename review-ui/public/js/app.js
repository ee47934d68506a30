// Progressive enhancement only: every action works as a plain form without this file.
(function () {
  'use strict';
  // Show times in the browser's own timezone when the account has none set.
  document.querySelectorAll('time[datetime]').forEach(function (el) {
    if (document.body.dataset.timezone && document.body.dataset.timezone !== 'UTC') return;
    var d = new Date(el.getAttribute('datetime'));
    if (!isNaN(d)) el.title = d.toLocaleString();
  });
  document.querySelectorAll('[data-copy]').forEach(function (el) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = 'Copy';
    b.addEventListener('click', function () {
      navigator.clipboard &&
        navigator.clipboard.writeText(el.textContent.trim()).then(function () {
          b.textContent = 'Copied';
        });
    });
    el.after(b);
  });
})();
