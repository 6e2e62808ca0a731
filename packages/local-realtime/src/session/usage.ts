import type { ConversationItem, Usage } from '@switchboard/core/protocol';

/**
 * Token estimates for `response.done`'s `usage` and for `max_output_tokens`. There is no tokenizer
 * here: text counts one token per 4 characters (OpenAI's rule of thumb), input audio 10 tokens per
 * second and output audio 20 per second (the order of magnitude the API reports). Good for budgets
 * and dashboards in tests, not for billing.
 */

/** Tokens of a text, estimated. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Tokens of input audio of `ms` milliseconds, estimated. */
export function inputAudioTokens(ms: number): number {
  return Math.ceil(ms / 100);
}

/** Tokens of output audio of `ms` milliseconds, estimated. */
export function outputAudioTokens(ms: number): number {
  return Math.ceil(ms / 50);
}

/** Text and audio tokens of a response's context (instructions + items). */
export function contextTokens(
  instructions: string,
  items: readonly ConversationItem[],
  pcmBytesPerMs: number,
): { text: number; audio: number } {
  let text = textTokens(instructions);
  let audio = 0;
  for (const item of items) {
    if (item.type === 'message') {
      for (const part of item.content) {
        text += textTokens(part.text ?? part.transcript ?? '');
        if (typeof part.audio === 'string')
          audio += inputAudioTokens((part.audio.length * 3) / 4 / pcmBytesPerMs);
      }
    } else if (item.type === 'function_call') {
      text += textTokens(item.name) + textTokens(item.arguments);
    } else if (item.type === 'function_call_output') {
      text += textTokens(item.output);
    }
  }
  return { text, audio };
}

/** The `usage` object of `response.done`. */
export function buildUsage(
  input: { text: number; audio: number },
  output: { text: number; audio: number },
): Usage {
  const inputTokens = input.text + input.audio;
  const outputTokens = output.text + output.audio;
  return {
    total_tokens: inputTokens + outputTokens,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    input_token_details: {
      text_tokens: input.text,
      audio_tokens: input.audio,
      image_tokens: 0,
      cached_tokens: 0,
      cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 },
    },
    output_token_details: { text_tokens: output.text, audio_tokens: output.audio },
  };
}
