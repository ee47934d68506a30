import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, type KeyBinding } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { markdownKeymap, markdownLanguage } from '@codemirror/lang-markdown';
import { flagMarks } from './flagMarks.js';

export interface EditorOptions {
  /** The page's style nonce: CodeMirror's own theme is a `<style>` element the CSP must accept. */
  nonce: string | undefined;
  describedBy: string | undefined;
  onChange: () => void;
}

// The title is one line: Enter would only add a line break the save trims away.
const singleLine: KeyBinding[] = [{ key: 'Enter', run: () => true }];

/**
 * Replaces a section's textarea with a CodeMirror editor, keeping the textarea as the form field:
 * every change is copied back and announced with an `input` event, so the save form, Preview,
 * autosave (review.js) and the merge view work exactly as without JavaScript. Text put into the
 * textarea from outside (autosave's "put this text back") flows into the editor.
 */
export function mountEditor(textarea: HTMLTextAreaElement, opts: EditorOptions): EditorView {
  const label = document.querySelector<HTMLLabelElement>(`label[for="${textarea.id}"]`);
  const labelId = label ? (label.id ||= `${textarea.id}-label`) : undefined;
  const markdown = textarea.hasAttribute('data-markdown');
  let fromTextarea = false;

  const extensions: Extension[] = [
    history(),
    keymap.of([
      ...(textarea.dataset.section === 'title' ? singleLine : []),
      ...(markdown ? markdownKeymap : []),
      ...defaultKeymap,
      ...historyKeymap,
    ]),
    EditorView.lineWrapping,
    flagMarks,
    EditorView.contentAttributes.of({
      ...(labelId ? { 'aria-labelledby': labelId } : {}),
      ...(opts.describedBy ? { 'aria-describedby': opts.describedBy } : {}),
      'data-section': textarea.dataset.section ?? '',
    }),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged || fromTextarea) return;
      textarea.value = u.state.doc.toString();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
      opts.onChange();
    }),
  ];
  if (opts.nonce) extensions.push(EditorView.cspNonce.of(opts.nonce));
  if (markdown)
    extensions.push(markdownLanguage.extension, syntaxHighlighting(defaultHighlightStyle, { fallback: true }));

  const view = new EditorView({ state: EditorState.create({ doc: textarea.value, extensions }) });
  textarea.after(view.dom);
  textarea.hidden = true;
  if (label) {
    // The label now names the editor (aria-labelledby); pointing it at the hidden textarea too
    // would give the page two controls of one name.
    label.removeAttribute('for');
    label.addEventListener('click', () => view.focus());
  }
  textarea.addEventListener('input', () => {
    const doc = view.state.doc.toString();
    if (textarea.value === doc) return;
    fromTextarea = true;
    view.dispatch({ changes: { from: 0, to: doc.length, insert: textarea.value } });
    fromTextarea = false;
    opts.onChange();
    view.focus();
  });
  return view;
}
