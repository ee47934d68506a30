import { generationChanged, watchGeneration } from '../../../server/drafting/generations/wakeup.js';

// A minute-long fallback poll: if a test resolves, the signal woke it, not the timer.
const LONG = 60_000;

describe('generation change signals for progress streams', () => {
  test('a change during the wait wakes the stream at once; other generations do not', async () => {
    const w = watchGeneration('gen-a');
    let woke = false;
    const waiting = w.next(LONG).then(() => (woke = true));
    generationChanged('gen-b');
    await new Promise((r) => setImmediate(r));
    expect(woke).toBe(false);
    generationChanged('gen-a');
    await waiting;
    expect(woke).toBe(true);
    w.close();
  });

  test('a change between reading the row and waiting is not lost', async () => {
    const w = watchGeneration('gen-c');
    generationChanged('gen-c');
    await w.next(LONG);
    w.close();
  });

  test('closing releases a waiting stream (the client went away)', async () => {
    const w = watchGeneration('gen-d');
    const waiting = w.next(LONG);
    w.close();
    await waiting;
  });
});
