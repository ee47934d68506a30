import { z } from 'zod';
test('zod loads under ESM jest', () => { expect(z.string().safeParse(1).success).toBe(false); });
