import { parseFeedDate } from '../../../../server/sources/feeds/parseFeedDate.js';

const iso = (s: string) => parseFeedDate(s)?.toISOString();

describe('parseFeedDate', () => {
  it.each([
    ['Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21.000Z'],
    ['Thu, 1 Jan 2004 19:48:21 +0100', '2004-01-01T18:48:21.000Z'],
    ['01 Jan 04 19:48 EST', '2004-01-02T00:48:00.000Z'],
    ['Sat, 07 Sep 2002 00:00:01 PDT', '2002-09-07T07:00:01.000Z'],
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
    ['2003-12-31T10:14:55Z', '2003-12-31T10:14:55.000Z'],
    ['2003-12-31T10:14:55.250-08:00', '2003-12-31T18:14:55.250Z'],
    ['2003-12-31', '2003-12-31T00:00:00.000Z'],
    ['2003-12', '2003-12-01T00:00:00.000Z'],
    ['20031231T101455Z', '2003-12-31T10:14:55.000Z'],
    ['Thu Jan 01 2004 19:48:21 GMT', '2004-01-01T19:48:21.000Z'],
  ])('%s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each(['', 'not a date', '2003-02-31', 'Πεμ, 29 Ιουν 2004 12:53:00 GMT', '31 Foo 2004'])('rejects %p', (input) => {
    expect(parseFeedDate(input)).toBeUndefined();
  });
});
