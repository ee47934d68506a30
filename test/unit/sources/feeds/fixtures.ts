import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test fixtures live in test/fixtures/feeds (copied from /work/shared; see its README). */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/feeds');

export interface FeedparserExpectation {
  file: string;
  description: string;
  expect: string;
  http_headers: Record<string, string> | null;
  skip_unless: string | null;
}

export function feedparserExpectations(): FeedparserExpectation[] {
  const list = JSON.parse(
    readFileSync(path.join(FIXTURES, 'feedparser-expectations.json'), 'utf8'),
  ) as FeedparserExpectation[];
  // The JSON Feed sample keeps its expectation in a "__TEST__" key instead of a comment header.
  const json = JSON.parse(readFileSync(path.join(FIXTURES, 'feedparser/json/example.json'), 'utf8')) as {
    __TEST__: string;
  };
  const expect = /Expect:\s*(.*?)\s*-->/.exec(json.__TEST__)?.[1] ?? '';
  return [
    ...list,
    { file: 'json/example.json', description: 'basic JSON tests', expect, http_headers: null, skip_unless: null },
  ];
}

export function readFixture(...parts: string[]): Buffer {
  return readFileSync(path.join(FIXTURES, ...parts));
}
