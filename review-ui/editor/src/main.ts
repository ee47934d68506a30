// The draft page's section editors: CodeMirror over each section's textarea, re-checked as the
// reviewer types, plus in-place track changes. Built by scripts/build-editor.mjs into
// review-ui/public/js/editor.bundle.js; without it (or without JavaScript) the plain forms work.
import { LiveCheck } from './liveCheck.js';
import { mountEditor } from './mountEditor.js';
import { enhanceTrackToggles } from './trackToggle.js';

function start(): void {
  enhanceTrackToggles();
  const form = document.getElementById('edit-form');
  const csrf = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value;
  if (!form || !csrf) return;
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
  for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[form="edit-form"][data-section]')) {
    const box = textarea.closest<HTMLElement>('[data-editor-for]');
    const url = box?.dataset.checkUrl;
    const check = box && url ? new LiveCheck(box, textarea.dataset.section ?? '', url, csrf) : null;
    const view = mountEditor(textarea, {
      nonce,
      describedBy: check?.statusId,
      onChange: () => check?.schedule(),
    });
    check?.attach(view);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
