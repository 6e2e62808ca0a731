import type { ConversationItem } from '@switchboard/core';
import type { ObservedEvent } from './observe.js';
import { messageText } from './transcript.js';

const SUMMARY_LIMIT = 200;

/** One line about an event for the event list (empty when its type says it all). */
export function summarise({ server, client }: ObservedEvent): string {
  return shorten(client ? clientSummary(client) : server ? serverSummary(server) : '');
}

function clientSummary(event: NonNullable<ObservedEvent['client']>): string {
  switch (event.type) {
    case 'session.update': {
      const { session } = event;
      if (session.type !== 'realtime') return session.type;
      const tools = session.tools?.map((tool) => (tool.type === 'function' ? tool.name : tool.server_label));
      const { instructions } = session;
      return [
        tools && `tools: ${tools.join(', ') || 'none'}`,
        instructions && `instructions: ${instructions}`,
      ]
        .filter(Boolean)
        .join(' · ');
    }
    case 'conversation.item.create':
      return describeItem(event.item);
    case 'conversation.item.truncate':
      return `${event.item_id} at ${event.audio_end_ms} ms`;
    case 'response.create': {
      const conversation = event.response?.conversation;
      return conversation === 'none' ? 'out of band (conversation: none)' : '';
    }
    default:
      return '';
  }
}

function serverSummary(event: NonNullable<ObservedEvent['server']>): string {
  switch (event.type) {
    case 'error':
      return event.error.code ? `${event.error.code}: ${event.error.message}` : event.error.message;
    case 'session.created':
    case 'session.updated': {
      const { session } = event;
      if (session.type !== 'realtime') return session.type;
      const { model } = session;
      const modalities = session.output_modalities?.join('+');
      return [model, modalities && `output ${modalities}`].filter(Boolean).join(' · ');
    }
    case 'conversation.item.added':
    case 'conversation.item.done':
    case 'response.output_item.added':
    case 'response.output_item.done':
      return describeItem(event.item);
    case 'response.created':
      return event.response.id ?? '';
    case 'response.done': {
      const { id, status, status_details: details, usage } = event.response;
      const reason = details?.reason ? ` (${details.reason})` : '';
      const tokens = usage ? ` · ${usage.input_tokens ?? 0} in / ${usage.output_tokens ?? 0} out tokens` : '';
      return `${status ?? 'done'}${reason} · ${id ?? ''}${tokens}`;
    }
    case 'response.function_call_arguments.done':
      return `${event.name ?? event.call_id}(${event.arguments})`;
    case 'input_audio_buffer.speech_started':
      return `at ${event.audio_start_ms} ms of input · ${event.item_id}`;
    case 'input_audio_buffer.speech_stopped':
      return `at ${event.audio_end_ms} ms of input · ${event.item_id}`;
    case 'input_audio_buffer.committed':
      return event.item_id;
    case 'conversation.item.input_audio_transcription.completed':
      return event.transcript;
    case 'conversation.item.truncated':
      return `${event.item_id} at ${event.audio_end_ms} ms`;
    case 'response.output_text.done':
      return event.text;
    case 'response.output_audio_transcript.done':
      return event.transcript;
    default:
      return '';
  }
}

function describeItem(item: ConversationItem): string {
  switch (item.type) {
    case 'message':
      return `${item.role}: ${messageText(item) || '(audio)'}`;
    case 'function_call':
      return `${item.name}(${item.arguments})`;
    case 'function_call_output':
      return `${item.call_id} → ${item.output}`;
    default:
      return item.type;
  }
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LIMIT ? `${line.slice(0, SUMMARY_LIMIT - 1)}…` : line;
}
