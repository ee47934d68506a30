import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { LlmUsage } from './types.js';

export interface AttemptResult {
  content: string;
  refusal: string;
  finishReason: string | null;
  usage: LlmUsage | null;
  responseModel: string | null;
  /** performance.now() of the first content or refusal token. */
  firstTokenAt: number | null;
  /** The text passed maxChars and we hung up: the server did not keep to the output bound. */
  overBound: boolean;
}

/** Thrown when an attempt fails; carries what had streamed so far. */
export class AttemptFailed extends Error {
  constructor(
    override readonly cause: unknown,
    readonly partial: string,
    readonly sawResponse: boolean,
  ) {
    super('LLM attempt failed', { cause });
  }
}

type RawUsage =
  | {
      prompt_tokens?: number;
      completion_tokens?: number;
      total_tokens?: number;
      prompt_tokens_details?: { cached_tokens?: number | null } | null;
    }
  | null
  | undefined;

export function toUsage(u: RawUsage): LlmUsage | null {
  if (!u) return null;
  const promptTokens = u.prompt_tokens ?? 0;
  const completionTokens = u.completion_tokens ?? 0;
  return {
    promptTokens,
    completionTokens,
    cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    totalTokens: u.total_tokens ?? promptTokens + completionTokens,
  };
}

/** One streamed chat completion: no retries, no validation; the caller owns both. */
export async function streamCompletion(
  client: OpenAI,
  body: ChatCompletionCreateParamsStreaming,
  signal: AbortSignal,
  onText: (accumulated: string) => void,
  /** Hang up once the text is longer than this, whatever the server does with max_completion_tokens. */
  maxChars = Infinity,
): Promise<AttemptResult> {
  const out: AttemptResult = {
    content: '',
    refusal: '',
    finishReason: null,
    usage: null,
    responseModel: null,
    firstTokenAt: null,
    overBound: false,
  };
  let sawResponse = false;
  try {
    const stream = await client.chat.completions.create(body, { signal, maxRetries: 0 });
    sawResponse = true;
    for await (const chunk of stream) {
      out.responseModel ??= chunk.model || null;
      if (chunk.usage) out.usage = toUsage(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta ?? {};
      if (delta.refusal) {
        out.firstTokenAt ??= performance.now();
        out.refusal += delta.refusal;
      }
      if (delta.content) {
        out.firstTokenAt ??= performance.now();
        out.content += delta.content;
        onText(out.content);
        if (out.content.length > maxChars) {
          // Leaving the loop closes the stream, which aborts the HTTP request.
          out.overBound = true;
          break;
        }
      }
      if (choice.finish_reason) out.finishReason = choice.finish_reason;
    }
  } catch (e) {
    throw new AttemptFailed(e, out.content, sawResponse);
  }
  return out;
}
