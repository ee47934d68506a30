import type { EditorView } from '@codemirror/view';
import { setMarks, type Mark } from './flagMarks.js';
import { flagSpan, itemRanges } from './itemRanges.js';

/** A flag as `POST /api/briefings/:id/grounding/check` returns it (server/schemas/grounding.ts). */
interface CheckedFlag {
  id: string;
  sectionKey: string;
  start: number;
  end: number;
  text: string;
  severity?: string;
  message: string;
}

interface SavedFlag {
  id: string;
  severity: string;
  text: string;
  sentence: string;
  message: string;
  acknowledged: boolean;
}

const DEBOUNCE_MS = 400;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
}

/**
 * Re-checks one section's unsaved text as the reviewer types (debounced) and shows the answer
 * before any save: spans marked in the editor, the flag list and counts in the section's live
 * panel (a polite live region), the saved flags that the new text no longer has marked as gone,
 * and the section heading's badges. Nothing is saved; a slow answer overtaken by newer typing is
 * dropped.
 */
export class LiveCheck {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private inFlight: AbortController | undefined;
  private readonly saved: SavedFlag[];
  private readonly acknowledged: Set<string>;
  private view!: EditorView;

  constructor(
    private readonly box: HTMLElement,
    private readonly section: string,
    private readonly url: string,
    private readonly csrf: string,
  ) {
    this.saved = Array.from(box.querySelectorAll<HTMLElement>('[data-saved-flags] [data-id]'), (s) => ({
      id: s.dataset.id ?? '',
      severity: s.dataset.severity ?? 'blocking',
      text: s.dataset.text ?? '',
      sentence: s.dataset.sentence ?? '',
      message: s.dataset.message ?? '',
      acknowledged: s.hasAttribute('data-acknowledged'),
    }));
    this.acknowledged = new Set(this.saved.filter((f) => f.acknowledged).map((f) => f.id));
  }

  get statusId(): string | undefined {
    return this.box.querySelector('[data-live-status]')?.id || undefined;
  }

  /** Marks the saved revision's flags in the text as loaded, without asking the server. */
  attach(view: EditorView): void {
    this.view = view;
    const doc = view.state.doc.toString();
    const marks: Mark[] = [];
    for (const f of this.saved) {
      const sentenceAt = doc.indexOf(f.sentence);
      const at = sentenceAt < 0 ? -1 : doc.indexOf(f.text, sentenceAt);
      if (at >= 0 && f.text) marks.push({ from: at, to: at + f.text.length, severity: f.severity, message: f.message });
    }
    view.dispatch({ effects: setMarks.of(marks) });
  }

  schedule(): void {
    clearTimeout(this.timer);
    this.box.setAttribute('data-live-state', 'pending');
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  private async run(): Promise<void> {
    const text = this.view.state.doc.toString();
    const seq = ++this.seq;
    this.inFlight?.abort();
    const controller = (this.inFlight = new AbortController());
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': this.csrf },
        body: JSON.stringify({ section: this.section, text }),
        signal: controller.signal,
      });
      const data = (await res.json().catch(() => ({}))) as { flags?: CheckedFlag[]; detail?: string };
      if (seq !== this.seq) return;
      if (!res.ok || !Array.isArray(data.flags)) {
        this.status(`Could not re-check ${this.label()}: ${data.detail ?? `HTTP ${res.status}`}`, 'error');
        return;
      }
      // Typing went on while the answer travelled: its offsets no longer fit, and a newer check is due.
      if (this.view.state.doc.toString() !== text) return;
      this.show(text, data.flags);
    } catch (e) {
      if (seq === this.seq && !(e instanceof DOMException && e.name === 'AbortError'))
        this.status(`Could not re-check ${this.label()} (offline?).`, 'error');
    }
  }

  private label(): string {
    return this.box.dataset.label ?? this.section;
  }

  private status(text: string, state: string): void {
    const s = this.box.querySelector('[data-live-status]');
    if (s) s.textContent = text;
    this.box.setAttribute('data-live-state', state);
  }

  private show(text: string, flags: CheckedFlag[]): void {
    const items = itemRanges(this.section, text);
    const marks: Mark[] = [];
    for (const f of flags) {
      const span = flagSpan(items, text, f);
      if (span) marks.push({ ...span, severity: f.severity ?? 'blocking', message: f.message });
    }
    this.view.dispatch({ effects: setMarks.of(marks) });

    const open = flags.filter((f) => !this.acknowledged.has(f.id));
    const blocking = open.filter((f) => f.severity !== 'advisory').length;
    const advisory = open.length - blocking;
    const now = new Set(flags.map((f) => f.id));
    const savedIds = new Set(this.saved.map((f) => f.id));
    const gone = this.saved.filter((f) => !now.has(f.id)).length;
    const counts = open.length
      ? `${plural(blocking, 'blocking flag', 'blocking flags')}, ${advisory} advisory`
      : 'no open flags';
    this.status(
      `Re-checked ${this.label()} as typed (not saved yet): ${counts}${gone ? `; ${plural(gone, 'flag', 'flags')} of the saved text gone` : ''}.`,
      blocking ? 'blocking' : open.length ? 'advisory' : 'clear',
    );

    const list = this.box.querySelector('[data-live-flags]');
    list?.replaceChildren(
      ...flags.map((f) => {
        const advisoryFlag = f.severity === 'advisory';
        const li = el('li', `live-flag flag-${advisoryFlag ? 'advisory' : 'blocking'}`, '');
        li.append(
          el('span', `badge ${advisoryFlag ? 'warn' : 'alert'}`, advisoryFlag ? 'Advisory' : 'Blocking'),
          ` ${f.message} `,
          el('mark', `flag${advisoryFlag ? ' flag-advisory' : ''}`, f.text),
        );
        if (this.acknowledged.has(f.id)) li.append(el('span', 'hint', ' (acknowledged)'));
        else if (!savedIds.has(f.id)) li.append(el('span', 'badge new', 'new'));
        return li;
      }),
    );

    // The saved revision's flags stay listed (acknowledging them still applies to the saved text),
    // but the reviewer sees which ones the unsaved text has already fixed.
    for (const f of this.saved) {
      const item = document.getElementById(`flag-${f.id}`);
      if (!item) continue;
      const fixed = !now.has(f.id);
      item.classList.toggle('flag-gone-unsaved', fixed);
      let note = item.querySelector('.live-gone-note');
      if (fixed && !note) {
        note = el('p', 'live-gone-note', 'Not in your unsaved text: save to clear it.');
        item.prepend(note);
      } else if (!fixed) note?.remove();
    }

    const heading = document.getElementById(`section-${this.section}-title`);
    if (heading) {
      heading.querySelectorAll('.flag-count').forEach((b) => b.remove());
      if (blocking)
        heading.append(' ', el('span', 'badge alert flag-count', plural(blocking, 'blocking flag', 'blocking flags')));
      if (advisory) heading.append(' ', el('span', 'badge warn flag-count', `${advisory} advisory`));
    }
  }
}
