import type { CliCommand } from './types.js';
import { suggestStoryUpdates } from '../../commands/publishing/suggestStoryUpdates.js';

/**
 * `npm run cli -- story:suggest`: the story-updates worker's pass now. New developments of published
 * briefings first published within STORY_UPDATE_WINDOW_DAYS are announced (notification, `update_suggested`
 * webhook) once each, whoever runs the pass.
 */
export const storySuggest: CliCommand = {
  summary: 'Look for new sources that continue published stories now and announce each once',
  needsDatabase: true,
  async run(ctx) {
    const pass = await suggestStoryUpdates(ctx.db!.prisma, { windowDays: ctx.config.storyUpdates.windowDays });
    for (const s of pass.suggested) ctx.out.write(`${s.briefingId}  ${s.sourceId}  suggested\n`);
    for (const f of pass.failed) ctx.err.write(`${f.briefingId}: ${String(f.error)}\n`);
    ctx.out.write(
      `${pass.briefings} published briefing(s) of the last ${ctx.config.storyUpdates.windowDays} days looked at: ${pass.suggested.length} new development(s) announced` +
        (pass.failed.length ? `, ${pass.failed.length} failed` : '') +
        '\n',
    );
    return pass.failed.length ? 1 : 0;
  },
};
