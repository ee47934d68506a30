import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createUser } from '../../commands/users/createUser.js';
import { displayNameSchema, emailSchema, passwordSchema, rolesSchema } from '../../schemas/common.js';
import { zodIssues } from '../../http/validate.js';
import type { CliCommand } from './types.js';

const Input = z.strictObject({
  email: emailSchema,
  name: displayNameSchema,
  roles: rolesSchema,
  password: passwordSchema.optional(),
});

export const userAdd: CliCommand = {
  summary: 'Create a user: --email E --name "Display Name" --roles editor,reviewer [--password P]',
  needsDatabase: true,
  async run({ argv, db, out, err }) {
    const { values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        password: { type: 'string' },
      },
      strict: true,
    });
    const parsed = Input.safeParse({
      ...values,
      roles: values.roles
        ?.split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    });
    if (!parsed.success) {
      for (const i of zodIssues(parsed.error)) err.write(`--${i.field}: ${i.message}\n`);
      return 2;
    }
    // Without --password, generate one and print it once, so it never sits in shell history.
    const password = parsed.data.password ?? randomBytes(12).toString('base64url');
    const user = await createUser(db!.prisma, null, {
      email: parsed.data.email,
      displayName: parsed.data.name,
      roles: parsed.data.roles,
      password,
    });
    out.write(
      JSON.stringify({
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
        ...(parsed.data.password ? {} : { password }),
      }) + '\n',
    );
    return 0;
  },
};
