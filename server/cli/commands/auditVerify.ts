import { verifyAudit } from '../../audit/verifyAudit.js';
import type { CliCommand } from './types.js';

export const auditVerify: CliCommand = {
  summary: 'Check the audit log hash chain; prints OK or the first tampered event',
  needsDatabase: true,
  async run({ db, out }) {
    const verdict = await verifyAudit(db!.prisma);
    if (verdict.ok) {
      out.write(`OK: ${verdict.checked} audit events, chain intact\n`);
      return 0;
    }
    out.write(
      `TAMPERED: audit event #${verdict.firstBadId}: ${verdict.reason} (${verdict.checked} events before it are intact)\n`,
    );
    return 1;
  },
};
