import type { ClientEvent } from '@switchboard/core';
import { parseServerEvent } from '@switchboard/core/protocol';
import { RelayViolationError } from './errors.js';

/** What the guard made of one relayed server event. */
export type GuardResult =
  | { readonly ok: true; readonly event: Record<string, unknown>; readonly refused?: RelayViolationError }
  | { readonly ok: false; readonly refused: RelayViolationError };

/**
 * The relay-mode rule, enforced on every server event a browser forwards: the browser may make the
 * server do only what the model could. Events must be well-formed realtime server events (so the
 * session never sees a shape the API would not send), and a function call is let through only if it
 * names a tool the server itself declared to the model in this call (`session.update` or
 * `response.create` tools). Which agent may run it is then the session's per-response check.
 *
 * A forged call in `response.output_item.done` is dropped; in `response.done` the forged items are
 * removed and the rest is delivered, so the session's response bookkeeping does not stall.
 *
 * @example
 * ```ts
 * import type { FunctionToolDefinition } from '@switchboard/core';
 * import { RelayGuard } from '@switchboard/transport-webrtc-relay';
 *
 * declare const lookupInvoiceTool: FunctionToolDefinition;
 * declare const frame: string;
 * const guard = new RelayGuard();
 * guard.declare({ type: 'session.update', session: { type: 'realtime', tools: [lookupInvoiceTool] } });
 * guard.check(JSON.parse(frame)); // { ok: true, event } or { ok: false, refused }
 * ```
 */
export class RelayGuard {
  readonly #declared = new Set<string>();

  /** Notes the tools a client event (sent by the server, through the browser) declares. */
  declare(event: ClientEvent): void {
    const tools: unknown =
      event.type === 'session.update'
        ? event.session.tools
        : event.type === 'response.create'
          ? event.response?.tools
          : undefined;
    if (!Array.isArray(tools)) return;
    for (const tool of tools) {
      const name = (tool as { name?: unknown }).name;
      if (typeof name === 'string') this.#declared.add(name);
    }
  }

  /** Checks one relayed server event, already in canonical (GA) form. */
  check(event: Record<string, unknown>): GuardResult {
    const parsed = parseServerEvent(event);
    if (!parsed.ok) {
      return {
        ok: false,
        refused: new RelayViolationError('malformed_event', parsed.error.message, parsed.error.eventType),
      };
    }
    const type = parsed.event.type;
    if (type === 'response.output_item.done') {
      const name = this.#forged((event as { item?: unknown }).item);
      if (name !== undefined) return { ok: false, refused: forgedCall(name, type) };
    }
    if (type === 'response.done') return this.#checkResponseDone(event);
    return { ok: true, event };
  }

  #checkResponseDone(event: Record<string, unknown>): GuardResult {
    const response = event.response as { output?: unknown } | undefined;
    const output = Array.isArray(response?.output) ? (response.output as unknown[]) : [];
    const forged = output.map((item) => this.#forged(item)).filter((name) => name !== undefined);
    if (forged.length === 0) return { ok: true, event };
    const kept = output.filter((item) => this.#forged(item) === undefined);
    return {
      ok: true,
      event: { ...event, response: { ...response, output: kept } },
      refused: forgedCall(forged.join(', '), 'response.done'),
    };
  }

  /** The name of a function call the server never declared, else undefined. */
  #forged(item: unknown): string | undefined {
    if (typeof item !== 'object' || item === null) return undefined;
    const { type, name } = item as { type?: unknown; name?: unknown };
    if (type !== 'function_call') return undefined;
    const called = typeof name === 'string' ? name : String(name);
    return this.#declared.has(called) ? undefined : called;
  }
}

function forgedCall(name: string, type: string): RelayViolationError {
  return new RelayViolationError(
    'forbidden_tool',
    `function call "${name}" names no tool the server declared; it was dropped`,
    type,
  );
}
