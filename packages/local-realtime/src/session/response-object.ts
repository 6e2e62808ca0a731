import type { ConversationItem, RealtimeResponse, Usage } from '@switchboard/core/protocol';
import { withoutAudio } from './items-store.js';
import type { ResponsePlan } from './response-plan.js';

/** How a response ended, with the API's `status_details` reasons. */
export type ResponseEnd =
  | { readonly status: 'completed' }
  | { readonly status: 'cancelled'; readonly reason: 'client_cancelled' | 'turn_detected' }
  | { readonly status: 'incomplete'; readonly reason: 'max_output_tokens' }
  | { readonly status: 'failed'; readonly message: string; readonly error?: ResponseFailure };

/** The `status_details.error` of a failed response (a fault can choose it; the brain's own failures are `brain_error`). */
export interface ResponseFailure {
  readonly type: string;
  readonly code?: string;
  readonly message: string;
}

function statusDetails(end: ResponseEnd): RealtimeResponse['status_details'] {
  switch (end.status) {
    case 'completed':
      return null;
    case 'cancelled':
      return { type: 'cancelled', reason: end.reason };
    case 'incomplete':
      return { type: 'incomplete', reason: end.reason };
    case 'failed':
      return {
        type: 'failed',
        error: { ...(end.error ?? { type: 'server_error', code: 'brain_error', message: end.message }) },
      };
  }
}

/**
 * The response object of `response.created` (no `end`: `in_progress`, no usage) and `response.done`
 * (final status, `status_details`, output items without audio bytes, usage). An out-of-band
 * response has `conversation_id: null`, as in the API.
 */
export function responseObject(
  plan: ResponsePlan,
  status: RealtimeResponse['status'],
  output: readonly ConversationItem[],
  end: ResponseEnd | undefined,
  usage: Usage | null,
): RealtimeResponse {
  return {
    object: 'realtime.response',
    id: plan.id,
    status,
    status_details: end ? statusDetails(end) : null,
    output: output.map(withoutAudio),
    conversation_id: plan.conversation === 'auto' ? plan.conversationId : null,
    output_modalities: [...plan.outputModalities],
    max_output_tokens: plan.maxOutputTokens,
    audio: { output: { format: plan.outputFormat, voice: plan.voice } },
    usage,
    metadata: plan.metadata ? { ...plan.metadata } : null,
  };
}
