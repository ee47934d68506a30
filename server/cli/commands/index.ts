import type { CliCommand } from './types.js';
import { ingestCommand } from './ingest.js';
import { importsCommand } from './imports.js';
import { userAdd } from './userAdd.js';
import { auditVerify } from './auditVerify.js';
import { exportCommand } from './export.js';
import { groundingCommand } from './grounding.js';
import { insightsCommand } from './insights.js';
import { recordVerify } from './recordVerify.js';
import { driftCheck } from './driftCheck.js';
import { storySuggest } from './storySuggest.js';

export const commands: Record<string, CliCommand> = {
  ingest: ingestCommand,
  imports: importsCommand,
  'user:add': userAdd,
  'audit:verify': auditVerify,
  export: exportCommand,
  grounding: groundingCommand,
  insights: insightsCommand,
  'record:verify': recordVerify,
  'drift:check': driftCheck,
  'story:suggest': storySuggest,
};
