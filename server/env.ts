import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PRICES } from './drafting/llm/defaultPrices.js';
import type { LlmSettings, PriceTable } from './drafting/llm/types.js';
import type { LeaseSettings } from './db/leases.js';
import type { DatabaseConfig } from './db/connect.js';
import type { SiteSettings } from './publishing/publishDeps.js';
import type { LoginSettings } from './auth/loginLimiter.js';
import type { DriftSettings } from './sources/drift/settings.js';

export interface MetricsAccess {
  token?: string;
  host?: string;
  port: number;
  /** Neither token nor host: open in development and tests, 404 in production. */
  openWithoutToken: boolean;
}
import type { EditorialKeySettings } from './publishing/record/editorialKey.js';

// The only reader of process.env. Everything else receives a Config.

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Opening a connection or waiting for a free one; past it a request answers 503. */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** Longest statement the server runs for us (0: no limit); the client waits 2 s more, then answers 503. */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
    /** How long a start keeps retrying an unreachable database before it gives up (0: try once). */
    DATABASE_STARTUP_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /** /readyz answers 503 when the database has not answered within this. */
    READINESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    DATA_DIR: z.string().default('./data'),
    SESSION_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(60 * 12),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .default(24 * 14),
    TRUST_PROXY: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    /** Azure OpenAI: the API version (e.g. 2024-10-21); OPENAI_BASE_URL is then the resource endpoint and OPENAI_MODEL the deployment. */
    OPENAI_API_VERSION: optionalString,
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
    OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    OPENAI_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    OPENAI_PRICES: optionalString.pipe(z.string().optional()).transform((v, ctx) => parsePrices(v, ctx)),
    /** Output bound sent as max_completion_tokens; unset: each prompt template's own budget. */
    LLM_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(256).max(200_000).optional(),
    /** What is kept of one model answer (raw and streamed-so-far output): its head and tail, this many characters in all. */
    LLM_STORED_OUTPUT_CHARS: z.coerce.number().int().min(1024).max(10_000_000).default(65_536),
    /** How long a claim on a generation or webhook delivery lasts without a heartbeat: the take-over time after a crash. */
    WORKER_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(10),
    /** How often a worker renews the leases it holds; must leave room for two misses within a lease. */
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().min(0.1).max(1200).default(3),
    ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
    ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
    ADMIN_NAME: z.string().min(1).default('Administrator'),
    SEED_DEMO: optionalString.pipe(boolish.optional()),
    WORKERS: optionalString.pipe(boolish.optional()),
    SITE_NAME: z.string().trim().min(1).max(120).default('Briefing Desk'),
    DISCLOSURE_TEXT: optionalString,
    WEBHOOK_ALLOW_PRIVATE: optionalString.pipe(boolish.optional()),
    /** Tests only: lets feed and page fetches reach 127.0.0.1 and private networks (SSRF guard off). */
    SOURCES_ALLOW_PRIVATE_FETCH: optionalString.pipe(boolish.optional()),
    /** Politeness: minimum gap between two feed polls of the same host. */
    FEED_HOST_GAP_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
    /** Source drift: time between two re-fetches of one source of a published briefing. */
    DRIFT_CHECK_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(43_200).default(360),
    /** Source drift: the longest one re-fetch may take (a host that hangs costs this, once per interval). */
    DRIFT_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    /** Source drift: minimum gap between two re-fetches from the same host. */
    DRIFT_HOST_GAP_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
    /** Story updates: briefings first published this many days ago or less are watched for new developments. */
    STORY_UPDATE_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Ed25519 private key (PEM text, or the path of a PEM file) that signs editorial records; required in production. */
    EDITORIAL_SIGNING_KEY: optionalString,
    /** Review: whoever made the last edit or requested the last regeneration cannot sign off alone. */
    FOUR_EYES: optionalString.pipe(boolish.optional()),
    /** Scrapers send it as `Authorization: Bearer …`; without it (and without METRICS_HOST) production answers 404. */
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    /** Serve /metrics on its own listener at this address (METRICS_PORT), and not on the app's. */
    METRICS_HOST: optionalString,
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    /** Failed sign-ins one client address may make for one account before each further try waits (doubling). */
    LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    /** How long a signed "known device" cookie lets its browser sign in past the throttle. */
    LOGIN_DEVICE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if ((env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) || (!env.ADMIN_EMAIL && env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together',
      });
    }
    if (env.WORKER_HEARTBEAT_SECONDS * 2 >= env.WORKER_LEASE_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKER_HEARTBEAT_SECONDS'],
        message: 'must be less than half of WORKER_LEASE_SECONDS, so one late heartbeat does not lose the lease',
      });
    }
    if (env.NODE_ENV === 'production' && !env.EDITORIAL_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['EDITORIAL_SIGNING_KEY'],
        message:
          'is required when NODE_ENV=production (an Ed25519 private key as PEM or a file path; see docs/OPERATIONS.md)',
      });
    }
    if (env.NODE_ENV === 'production' && env.WEBHOOK_ALLOW_PRIVATE) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_PRIVATE'],
        message: 'is for tests and local development only',
      });
    }
    if (env.NODE_ENV === 'production' && env.SOURCES_ALLOW_PRIVATE_FETCH) {
      ctx.addIssue({
        code: 'custom',
        path: ['SOURCES_ALLOW_PRIVATE_FETCH'],
        message: 'is for tests and local development only',
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

const PriceEntry = z.strictObject({
  inputPerMTok: z.number().nonnegative(),
  cachedInputPerMTok: z.number().nonnegative().optional(),
  outputPerMTok: z.number().nonnegative(),
});
const PriceOverrides = z.record(z.string().min(1), PriceEntry);

/** OPENAI_PRICES is JSON: {"model-or-prefix": {"inputPerMTok": 2.5, "cachedInputPerMTok": 1.25, "outputPerMTok": 10}}. */
function parsePrices(value: string | undefined, ctx: z.RefinementCtx): PriceTable {
  if (!value) return { ...DEFAULT_PRICES };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be JSON such as {"my-model": {"inputPerMTok": 0, "outputPerMTok": 0}}',
    });
    return z.NEVER;
  }
  const parsed = PriceOverrides.safeParse(json);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: `${i.path.join('.') || '(table)'}: ${i.message}` });
    return z.NEVER;
  }
  const out: PriceTable = { ...DEFAULT_PRICES };
  // A provider without a cache discount charges cached tokens as ordinary input.
  for (const [model, p] of Object.entries(parsed.data))
    out[model] = { ...p, cachedInputPerMTok: p.cachedInputPerMTok ?? p.inputPerMTok };
  return out;
}

export interface Config extends SiteSettings, EditorialKeySettings {
  nodeEnv: Env['NODE_ENV'];
  database: DatabaseConfig;
  /** How long boot retries an unreachable database, with backoff, before it exits. */
  databaseStartupWaitMs: number;
  readinessTimeoutMs: number;
  dataDir: string;
  /** From SESSION_SECRET; when unset, boot takes the one all processes share through the database. */
  sessionSecret: string | undefined;
  session: { idleMs: number; absoluteMs: number };
  trustProxy: boolean | number | string;
  logLevel: Env['LOG_LEVEL'];
  llm: LlmSettings;
  /** Generations and webhook deliveries: claims last leaseMs unless renewed every heartbeatMs. */
  leases: LeaseSettings;
  admin?: { email: string; password: string; name: string };
  seedDemo: boolean;
  runWorkers: boolean;
  /** Lets webhook deliveries reach loopback/private addresses (tests, local development). */
  webhookAllowPrivate: boolean;
  /** Feed and page ingest: SSRF guard relaxation (tests only) and per-host politeness. */
  sources: { allowPrivateFetch: boolean; hostGapSeconds: number };
  /** Re-fetching the sources of published briefings (issue 12). */
  drift: DriftSettings;
  review: { fourEyes: boolean };
  /** Announcing new developments of published stories (update_suggested). */
  storyUpdates: { windowDays: number };
  /** Who may read /metrics: with `host`, only a separate listener serves it; with `token`, a Bearer token is needed. */
  metrics: MetricsAccess;
  login: LoginSettings;
}

export const DEFAULT_DISCLOSURE =
  'Prepared by collating external sources, AI-assisted tools, and our proprietary database, then reviewed for technical accuracy & edited by our team.';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (v === undefined) return false;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v; // Express accepts a comma-separated list of addresses / subnets
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ''),
    database: env.DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.DATABASE_URL,
          poolSize: env.DATABASE_POOL_SIZE,
          connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
          statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    databaseStartupWaitMs: env.DATABASE_STARTUP_WAIT_SECONDS * 1000,
    readinessTimeoutMs: env.READINESS_TIMEOUT_MS,
    dataDir,
    sessionSecret: env.SESSION_SECRET,
    session: { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL,
    llm: {
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL,
      model: env.OPENAI_MODEL,
      apiVersion: env.OPENAI_API_VERSION,
      timeoutMs: env.OPENAI_TIMEOUT_MS,
      maxRetries: env.OPENAI_MAX_RETRIES,
      concurrency: env.OPENAI_CONCURRENCY,
      prices: env.OPENAI_PRICES,
      maxOutputTokens: env.LLM_MAX_OUTPUT_TOKENS,
      storedOutputChars: env.LLM_STORED_OUTPUT_CHARS,
    },
    leases: { leaseMs: env.WORKER_LEASE_SECONDS * 1000, heartbeatMs: env.WORKER_HEARTBEAT_SECONDS * 1000 },
    admin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME }
        : undefined,
    seedDemo: env.SEED_DEMO ?? env.NODE_ENV !== 'production',
    runWorkers: env.WORKERS ?? true,
    site: { name: env.SITE_NAME, disclosure: env.DISCLOSURE_TEXT ?? DEFAULT_DISCLOSURE },
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE ?? false,
    sources: { allowPrivateFetch: env.SOURCES_ALLOW_PRIVATE_FETCH ?? false, hostGapSeconds: env.FEED_HOST_GAP_SECONDS },
    drift: {
      intervalMinutes: env.DRIFT_CHECK_INTERVAL_MINUTES,
      timeoutMs: env.DRIFT_FETCH_TIMEOUT_MS,
      hostGapSeconds: env.DRIFT_HOST_GAP_SECONDS,
      batch: 4,
    },
    review: { fourEyes: env.FOUR_EYES ?? false },
    storyUpdates: { windowDays: env.STORY_UPDATE_WINDOW_DAYS },
    metrics: {
      token: env.METRICS_TOKEN,
      host: env.METRICS_HOST,
      port: env.METRICS_PORT,
      openWithoutToken: env.NODE_ENV !== 'production',
    },
    login: { freeFailures: env.LOGIN_FREE_FAILURES, deviceMs: env.LOGIN_DEVICE_DAYS * 86_400_000 },
    editorialSigningKey: env.EDITORIAL_SIGNING_KEY,
  };
}
