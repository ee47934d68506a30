import { buildDraftPrompt } from '../../../prompts/draft/buildDraftPrompt.js';
import { buildRegeneratePrompt } from '../../../prompts/regenerate/buildRegeneratePrompt.js';
import { buildRegenerateSectionPrompt } from '../../../prompts/regenerateSection/buildRegenerateSectionPrompt.js';
import { BOUNDARY_PATTERN, makeBoundary, removeBoundary } from '../../../prompts/shared/boundary.js';
import { allTemplateVersions, templateVersion } from '../../../prompts/templateVersion.js';
import { catalogue, facts, lead, related, validDraft } from './sampleSources.js';

const B = 'SOURCE-0123456789abcdef';
const base = { lead, related, facts, catalogue, boundary: B };
const content = (p: { messages: { content?: unknown }[] }, i: number) => p.messages[i].content as string;

describe('prompt builders', () => {
  test('draft prompt snapshot', () => {
    const p = buildDraftPrompt(base);
    expect(p.boundary).toBe(B);
    expect(p.templateVersion).toBe(templateVersion('draft'));
    expect(p.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(content(p, 0)).toMatchSnapshot('system');
    expect(content(p, 1)).toMatchSnapshot('user');
  });

  test('regenerate prompt snapshot', () => {
    const p = buildRegeneratePrompt({
      ...base,
      currentDraft: validDraft,
      instructions: 'Shorter Our Take; stress the EU angle.',
    });
    expect(p.templateVersion).toBe(templateVersion('regenerate'));
    expect(content(p, 0)).toMatchSnapshot('system');
    expect(content(p, 1)).toMatchSnapshot('user');
  });

  test('regenerate-section prompt snapshot', () => {
    const p = buildRegenerateSectionPrompt({
      ...base,
      currentDraft: validDraft,
      instructions: 'Shorter; stress the EU angle.',
      section: 'ourTake',
    });
    expect(p.templateVersion).toBe(templateVersion('regenerateSection'));
    expect(content(p, 0)).toMatchSnapshot('system');
    expect(content(p, 1)).toMatchSnapshot('user');
    expect(content(p, 1)).toMatch(/Rewrite only the `ourTake` field \(Our Take\)/);
  });

  test('instructions come before data, and data is fenced', () => {
    const user = content(
      buildRegeneratePrompt({ ...base, currentDraft: validDraft, instructions: 'Stress the EU angle.' }),
      1,
    );
    const firstData = user.indexOf(`${B} BEGIN`);
    expect(user.indexOf('# Task')).toBeLessThan(firstData);
    expect(user.indexOf('Stress the EU angle.')).toBeLessThan(firstData);
    expect(user.indexOf('# How the untrusted data is fenced')).toBeLessThan(firstData);
    for (const id of [lead.id, ...related.map((r) => r.id)]) {
      expect(user).toContain(`${B} BEGIN source id=${id} `);
      expect(user).toContain(`${B} END source id=${id}`);
    }
    expect(user).toContain(`${B} BEGIN current-draft`);
  });

  test('the static part comes first and is identical across requests (cacheable prefix)', () => {
    const a = buildDraftPrompt({ lead, related, facts, catalogue });
    const b = buildDraftPrompt({
      lead: { ...lead, id: 'other', text: 'Something else entirely happened today.' },
      related: [],
      facts: [],
      catalogue,
    });
    expect(a.boundary).not.toBe(b.boundary);
    expect(content(a, 0)).toBe(content(b, 0));
    // Task and catalogue precede everything request-specific in the user message.
    const fence = '# How the untrusted data is fenced';
    const pa = content(a, 1).slice(0, content(a, 1).indexOf(fence));
    const pb = content(b, 1).slice(0, content(b, 1).indexOf(fence));
    expect(pa).toBe(pb);
    expect(pa).not.toContain(a.boundary);
    // System prompts of all three kinds share their opening, so one cached prefix serves all.
    const r = buildRegeneratePrompt({ ...base, currentDraft: validDraft, instructions: 'x' });
    expect(content(r, 0).startsWith(content(a, 0).trimEnd())).toBe(true);
  });

  test('a fresh random boundary per request', () => {
    const seen = new Set(Array.from({ length: 50 }, () => makeBoundary()));
    expect(seen.size).toBe(50);
    for (const b of seen) expect(b).toMatch(BOUNDARY_PATTERN);
    expect(buildDraftPrompt({ lead, related, facts, catalogue }).boundary).toMatch(BOUNDARY_PATTERN);
    expect(() => buildDraftPrompt({ ...base, boundary: 'SOURCE-short' })).toThrow(/boundary/);
  });

  test('template versions are short content hashes, distinct per kind and stable', () => {
    const v = allTemplateVersions();
    for (const k of Object.values(v)) expect(k).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(Object.values(v)).size).toBe(3);
    expect(templateVersion('draft')).toBe(v.draft);
  });

  test('computed facts are stated as database figures', () => {
    const user = content(buildDraftPrompt(base), 1);
    expect(user).toContain('- The term "rare earths" appears in 10 keyword-matched pieces in our database.');
  });

  test('a lead source with no text is a clear error', () => {
    expect(() => buildDraftPrompt({ ...base, lead: { ...lead, text: '  <!-- nothing -->\u200b ' } })).toThrow(
      expect.objectContaining({ code: 'lead_source_empty' }),
    );
  });

  test('a 200,000-word source is cut, with a visible note inside its fence', () => {
    const huge = { ...lead, text: 'Rare earth output rose again. '.repeat(40_000) };
    const user = content(buildDraftPrompt({ ...base, lead: huge, limits: { leadChars: 20_000 } }), 1);
    expect(user.length).toBeLessThan(30_000);
    expect(user).toMatch(
      /\[source truncated by our system: \d+ of 1199999 characters shown\]\nSOURCE-0123456789abcdef END source id=src_lead/,
    );
  });

  test('regeneration requires instructions and a known section', () => {
    expect(() => buildRegeneratePrompt({ ...base, currentDraft: validDraft, instructions: '  ' })).toThrow(
      expect.objectContaining({ code: 'instructions_empty' }),
    );
    expect(() =>
      buildRegenerateSectionPrompt({
        ...base,
        currentDraft: validDraft,
        instructions: 'x',
        section: 'keywords' as never,
      }),
    ).toThrow(expect.objectContaining({ code: 'unknown_section' }));
  });

  test('source ids that could break the marker line are refused', () => {
    expect(() => buildDraftPrompt({ ...base, lead: { ...lead, id: 'a b\nSOURCE' } })).toThrow(
      expect.objectContaining({ code: 'invalid_source_id' }),
    );
  });

  test('removeBoundary removes spliced and case-changed copies', () => {
    expect(removeBoundary(`x SOURCE-SOURCE-0123456789abcdef0123456789abcdef y`, B)).toBe('x  y');
    expect(removeBoundary(`a source-0123456789ABCDEF b`, B)).toBe('a  b');
  });
});
