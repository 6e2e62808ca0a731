import type { ConversationItem, ServerEvent } from '../protocol/index.js';

/** One function call a scripted response makes. `arguments` objects are JSON-encoded; strings are sent as is. */
export interface ScriptedCall {
  readonly name: string;
  readonly arguments?: Record<string, unknown> | string;
  readonly callId?: string;
}

/** A scripted response: its events in wire order, and the ids a test needs to refer to them. */
export interface ScriptedResponse {
  readonly responseId: string;
  readonly events: ServerEvent[];
  readonly itemIds: readonly string[];
  readonly callIds: readonly string[];
}

/**
 * Builds server event sequences in the order the Realtime API sends them (see the flows in
 * shared/protocol/README.md), with fresh ids, so a test reads like the protocol.
 *
 * @example
 * ```ts
 * const script = createServerScript();
 * server.emit(...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events);
 * ```
 */
export function createServerScript() {
  let counter = 0;
  const id = (prefix: string) => `${prefix}_${++counter}`;
  const eventId = () => id('event');
  let lastItemId: string | null = null;

  const itemAdded = (item: ConversationItem): ServerEvent[] => {
    const previous = lastItemId;
    lastItemId = item.id ?? null;
    return [
      { type: 'conversation.item.added', event_id: eventId(), previous_item_id: previous, item },
      { type: 'conversation.item.done', event_id: eventId(), previous_item_id: previous, item },
    ];
  };

  const responseShell = (
    responseId: string,
    status: 'in_progress' | 'completed' | 'cancelled',
    output: ConversationItem[],
  ) => ({
    id: responseId,
    object: 'realtime.response' as const,
    status,
    conversation_id: 'conv_1',
    output_modalities: ['text' as const],
    output,
  });

  const finish = (
    responseId: string,
    output: ConversationItem[],
    status: 'completed' | 'cancelled',
  ): ServerEvent[] => [
    { type: 'response.done', event_id: eventId(), response: responseShell(responseId, status, output) },
    { type: 'rate_limits.updated', event_id: eventId(), rate_limits: [] },
  ];

  return {
    /** `session.created` for a fresh session. */
    sessionCreated(): ServerEvent {
      return { type: 'session.created', event_id: eventId(), session: { type: 'realtime', id: id('sess') } };
    },

    /** `conversation.item.added` + `done` for a user text message, as after `conversation.item.create`. */
    userMessage(text: string): ServerEvent[] {
      return itemAdded({
        type: 'message',
        id: id('item'),
        role: 'user',
        status: 'completed',
        content: [{ type: 'input_text', text }],
      });
    },

    /** A whole text response: created → item → part → deltas → done → rate limits. */
    textResponse(text: string, options: { status?: 'completed' | 'cancelled' } = {}): ScriptedResponse {
      const responseId = id('resp');
      const itemId = id('item');
      const previous = lastItemId;
      lastItemId = itemId;
      const base = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
      const pending: ConversationItem = {
        type: 'message',
        id: itemId,
        role: 'assistant',
        status: 'in_progress',
        content: [],
      };
      const final: ConversationItem = {
        ...pending,
        status: 'completed',
        content: [{ type: 'output_text', text }],
      };
      const half = Math.ceil(text.length / 2);
      const events: ServerEvent[] = [
        {
          type: 'response.created',
          event_id: eventId(),
          response: responseShell(responseId, 'in_progress', []),
        },
        {
          type: 'response.output_item.added',
          event_id: eventId(),
          response_id: responseId,
          output_index: 0,
          item: pending,
        },
        { type: 'conversation.item.added', event_id: eventId(), previous_item_id: previous, item: pending },
        {
          type: 'response.content_part.added',
          event_id: eventId(),
          ...base,
          part: { type: 'text', text: '' },
        },
        { type: 'response.output_text.delta', event_id: eventId(), ...base, delta: text.slice(0, half) },
        { type: 'response.output_text.delta', event_id: eventId(), ...base, delta: text.slice(half) },
        { type: 'response.output_text.done', event_id: eventId(), ...base, text },
        { type: 'response.content_part.done', event_id: eventId(), ...base, part: { type: 'text', text } },
        {
          type: 'response.output_item.done',
          event_id: eventId(),
          response_id: responseId,
          output_index: 0,
          item: final,
        },
        { type: 'conversation.item.done', event_id: eventId(), previous_item_id: previous, item: final },
        ...finish(responseId, [final], options.status ?? 'completed'),
      ];
      return { responseId, events, itemIds: [itemId], callIds: [] };
    },

    /**
     * A response whose output is one or more function calls (parallel calls when several). With
     * `status: 'cancelled'` it ends as a cancelled response.
     */
    functionCallResponse(
      calls: readonly ScriptedCall[],
      options: { status?: 'completed' | 'cancelled' } = {},
    ): ScriptedResponse {
      const responseId = id('resp');
      const created: ServerEvent = {
        type: 'response.created',
        event_id: eventId(),
        response: responseShell(responseId, 'in_progress', []),
      };
      const events: ServerEvent[] = [created];
      const output: ConversationItem[] = [];
      const itemIds: string[] = [];
      const callIds: string[] = [];
      calls.forEach((call, outputIndex) => {
        const itemId = id('item');
        const callId = call.callId ?? id('call');
        const args =
          typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
        const previous = lastItemId;
        lastItemId = itemId;
        const pending: ConversationItem = {
          type: 'function_call',
          id: itemId,
          call_id: callId,
          name: call.name,
          arguments: '',
          status: 'in_progress',
        };
        const final: ConversationItem = { ...pending, arguments: args, status: 'completed' };
        const base = { response_id: responseId, item_id: itemId, output_index: outputIndex, call_id: callId };
        events.push(
          {
            type: 'response.output_item.added',
            event_id: eventId(),
            response_id: responseId,
            output_index: outputIndex,
            item: pending,
          },
          { type: 'conversation.item.added', event_id: eventId(), previous_item_id: previous, item: pending },
          { type: 'response.function_call_arguments.delta', event_id: eventId(), ...base, delta: args },
          {
            type: 'response.function_call_arguments.done',
            event_id: eventId(),
            ...base,
            name: call.name,
            arguments: args,
          },
          {
            type: 'response.output_item.done',
            event_id: eventId(),
            response_id: responseId,
            output_index: outputIndex,
            item: final,
          },
          { type: 'conversation.item.done', event_id: eventId(), previous_item_id: previous, item: final },
        );
        output.push(final);
        itemIds.push(itemId);
        callIds.push(callId);
      });
      events.push(...finish(responseId, output, options.status ?? 'completed'));
      return { responseId, events, itemIds, callIds };
    },

    /** The item the server adds when the client sends a `function_call_output`. */
    functionCallOutputAdded(callId: string, output: string): ServerEvent[] {
      return itemAdded({ type: 'function_call_output', id: id('item'), call_id: callId, output });
    },

    /** An `error` event, optionally answering a client event by its `event_id`. */
    error(code: string, message: string, eventIdOfCause?: string): ServerEvent {
      return {
        type: 'error',
        event_id: eventId(),
        error: {
          type: 'invalid_request_error',
          code,
          message,
          param: null,
          event_id: eventIdOfCause ?? null,
        },
      };
    },
  };
}

/** The builder returned by {@link createServerScript}. */
export type ServerScript = ReturnType<typeof createServerScript>;
