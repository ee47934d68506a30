import type { CliCommand } from './types.js';
import { userAdd } from './userAdd.js';
import { auditVerify } from './auditVerify.js';

export const commands: Record<string, CliCommand> = {
  'user:add': userAdd,
  'audit:verify': auditVerify,
};
