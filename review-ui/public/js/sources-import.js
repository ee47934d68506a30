// Progressive enhancement for /sources/import: reads a chosen file into the
// form's textarea so the plain form posts its content. Without JavaScript the
// textarea still takes a paste.
(function () {
  'use strict';
  document.querySelectorAll('input[type="file"][data-target]').forEach(function (input) {
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      var target = document.getElementById(input.dataset.target);
      var nameField = input.dataset.filename && document.getElementById(input.dataset.filename);
      if (!file || !target) return;
      var reader = new FileReader();
      reader.onload = function () {
        var text = String(reader.result || '');
        // Saved pages are mostly scripts and styles, which extraction ignores;
        // dropping them keeps the form under the server's 1 MB body limit.
        if (input.dataset.trimHtml !== undefined) {
          text = text
            .replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/gi, '')
            .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '')
            .replace(/<!--[\s\S]*?-->/g, '');
        }
        target.value = text;
        if (nameField && !nameField.value) nameField.value = file.name;
      };
      reader.onerror = function () {
        target.value = '';
        alert('Could not read ' + file.name);
      };
      reader.readAsText(file);
    });
  });
})();
