/**
 * Re-checks while a reviewer types replay the sentences already checked: the report must be exactly
 * the one a full check gives — same flags, ids, offsets, alignments — wherever the sentences moved.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkGrounding, clearSentenceMemo } from '../../../server/grounding/index.js';
import { draftToSections, parseSourcesJsonl } from '../../../server/grounding/cli.js';
import type { GroundingInput } from '../../../server/grounding/types.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/grounding/${name}`, import.meta.url)), 'utf8');
const SOURCES = parseSourcesJsonl(fixture('sources.jsonl'));
const DRAFT = draftToSections(JSON.parse(fixture('moved-figure-draft.json')));

function fresh(input: GroundingInput) {
  clearSentenceMemo();
  return checkGrounding(input);
}

describe('remembered sentences', () => {
  test('checking the same draft again gives the same report, flag ids and all', () => {
    const input = { ...DRAFT, sources: SOURCES };
    const first = fresh(input);
    expect(first.flags.length).toBeGreaterThan(0);
    expect(checkGrounding(input)).toEqual(first);
  });

  test('sentences moved by an edit before them keep their flags at their new offsets', () => {
    const base = { ...DRAFT, sources: SOURCES };
    checkGrounding(base);
    // The same flagged sentence twice, behind a new one: offsets shift and the repeat's id gets its suffix.
    const edited = {
      ...base,
      sections: base.sections.map((s) =>
        s.text.includes('rose') ? { ...s, text: `Analysts were surprised. ${s.text} ${s.text}` } : s,
      ),
    };
    const replayed = checkGrounding(edited);
    const full = fresh(edited);
    expect(replayed).toEqual(full);
    const rose = full.flags.filter((f) => f.text === 'rose');
    expect(rose).toHaveLength(2);
    expect(new Set(rose.map((f) => f.id)).size).toBe(2);
    const section = edited.sections.find((s) => s.key === rose[1].sectionKey)!.text;
    expect(section.slice(rose[1].start, rose[1].end)).toBe('rose');
  });

  test('a change to the sources is never answered from memory', () => {
    const input = { ...DRAFT, sources: SOURCES };
    const before = fresh(input);
    const changed = { ...input, sources: SOURCES.map((s) => ({ ...s, text: s.text.replace(/fell/g, 'rose') })) };
    const after = checkGrounding(changed);
    expect(after.flags.filter((f) => f.kind === 'direction')).toHaveLength(0);
    expect(before.flags.filter((f) => f.kind === 'direction').length).toBeGreaterThan(0);
    expect(after).toEqual(fresh(changed));
  });
});
