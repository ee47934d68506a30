import { z } from 'zod';
import { route, type AnyRoute } from '../../http/route.js';
import { staff } from '../../policies/routePolicy.js';
import { checkGrounding } from '../../grounding/index.js';
import { draftToSections } from '../../grounding/cli.js';
import { groundContent } from '../../review/grounding.js';
import { asRevisionContent } from '../../drafting/revisionContent.js';
import { NotFoundError, ValidationError } from '../../errors/AppError.js';
import { briefingIdParam, SectionCheckBody } from '../../schemas/review.js';
import { GroundingReportSchema, SectionCheckResponse, VerificationRequestedSchema } from '../../schemas/grounding.js';
import { requestVerification } from '../../commands/grounding/requestVerification.js';
import { llmConfigured } from '../../drafting/llmFromConfig.js';
import { sectionGrounding } from '../../queries/review/sectionGrounding.js';

const MAX_TEXT = 2_000_000;

const SourceItem = z.strictObject({
  id: z.string().trim().min(1).max(200),
  text: z.string().max(MAX_TEXT),
  title: z.string().max(2000).optional(),
  // As the drafting prompt shows them: a draft may name the publisher or date the text lacks.
  publisher: z.string().max(500).optional(),
  publishedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
const Fact = z.strictObject({ label: z.string().min(1).max(500), value: z.number() });

/** Either a stored briefing (its current revision against its own sources and facts) or a draft with sources. */
const CheckBody = z.union([
  z.strictObject({ briefingId: z.uuid('must be a UUID') }),
  z.strictObject({
    draft: z.union([z.string().min(1).max(MAX_TEXT), z.record(z.string(), z.unknown())]),
    sources: z.array(SourceItem).min(1, 'at least one source').max(50),
    facts: z.array(Fact).max(200).optional(),
  }),
]);

export const groundingApiRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/api/briefings/:id/grounding/verify',
    kind: 'api',
    policy: staff,
    summary:
      "Ask the model verifier for a second opinion on the current revision's aligned sentences (supported, " +
      'contradicted or not in the sources, with the evidence span). Runs as a job; verdicts appear in ' +
      '`alignments[].verdicts` and `verifier` of GET /api/briefings/:id. Cached per (sentence, passages, model, ' +
      'prompt version), so only changed sentences are asked. Never adds, clears or gates a flag. 409 ' +
      '`verifier_not_configured` with the offline drafter.',
    tags: ['grounding'],
    params: briefingIdParam,
    response: VerificationRequestedSchema,
    handler: async ({ deps, actor, params }) => ({
      status: 202,
      json: await requestVerification(
        deps.db.prisma,
        actor!,
        params.id,
        { llmConfigured: llmConfigured(deps.config) },
        deps.now(),
      ),
    }),
  }),
  route({
    method: 'post',
    path: '/api/briefings/:id/grounding/check',
    kind: 'api',
    policy: staff,
    summary:
      "Re-check one section's unsaved text against the briefing's sources and facts: flags (with severity and the " +
      'differing source span) and per-sentence alignments, exactly as a save would store them. Nothing is saved.',
    tags: ['grounding'],
    params: briefingIdParam,
    body: SectionCheckBody,
    response: SectionCheckResponse,
    handler: async ({ deps, params, body }) => ({ json: await sectionGrounding(deps.db.prisma, params.id, body) }),
  }),
  route({
    method: 'post',
    path: '/api/grounding/check',
    kind: 'api',
    policy: staff,
    summary:
      'Check a draft against its sources: every number, percentage, date, amount, named entity and quote is looked up; ' +
      "claims' evidence quotes must occur in the cited source. Body: {briefingId} or {draft (text or briefing JSON), sources:[{id,text}], facts?}.",
    tags: ['grounding'],
    body: CheckBody,
    response: GroundingReportSchema.extend({
      briefingId: z.string().optional(),
      revision: z.number().int().optional(),
    }),
    handler: async ({ deps, body }) => {
      if ('briefingId' in body) {
        const b = await deps.db.prisma.briefing.findUnique({
          where: { id: body.briefingId },
          select: { id: true, facts: true, currentRevision: { select: { id: true, number: true, content: true } } },
        });
        if (!b) throw new NotFoundError('No such briefing.');
        if (!b.currentRevision)
          throw new ValidationError('This briefing has no revision yet.', {
            issues: [{ field: 'briefingId', message: 'no revision to check' }],
          });
        const report = await groundContent(deps.db.prisma, b.id, asRevisionContent(b.currentRevision.content), b.facts);
        return { json: { briefingId: b.id, revision: b.currentRevision.number, ...report } };
      }
      const draft =
        typeof body.draft === 'string'
          ? { sections: [{ key: 'text', text: body.draft }] }
          : draftToSections(body.draft);
      return {
        json: checkGrounding({
          ...draft,
          facts: [...(draft.facts ?? []), ...(body.facts ?? [])],
          sources: body.sources,
        }),
      };
    },
  }),
];
