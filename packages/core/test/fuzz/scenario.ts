import fc from 'fast-check';
import { APPROVAL_MODES, HANDOFF_MODES, WORK_MODES } from './agents.js';

/** A function call the generated model makes: a tool name and the raw arguments string. */
export interface CallSpec {
  readonly name: string;
  readonly args: string;
}

export type ResponseStatus = 'completed' | 'cancelled' | 'failed' | 'incomplete';

/**
 * One step of a scenario. Server steps refer to responses by position among those still open (the
 * harness takes it modulo their number), so a shrunk scenario stays meaningful.
 */
export type Step =
  /** The server starts a response (server VAD, our request, or an out-of-band one). */
  | { readonly kind: 'open'; readonly outOfBand: boolean }
  /**
   * A function call completes in an open response (or in a response never announced); `late`: in a
   * response that already ended (out of order).
   */
  | {
      readonly kind: 'call';
      readonly response: number;
      readonly call: CallSpec;
      readonly inHistory: boolean;
      readonly late: boolean;
    }
  /** Text and audio stream for an open response. */
  | { readonly kind: 'stream'; readonly response: number; readonly contentIndex: number }
  /** An open response ends, its output listing its calls and maybe calls never seen before. */
  | {
      readonly kind: 'done';
      readonly response: number;
      readonly status: ResponseStatus;
      readonly extraCalls: readonly CallSpec[];
    }
  /** An event already sent, sent again. */
  | { readonly kind: 'duplicate'; readonly index: number }
  /** A server error, naming our last response.create, our last agent switch, or nothing. */
  | {
      readonly kind: 'error';
      readonly target: 'create' | 'switch' | 'none';
      readonly activeResponse: boolean;
    }
  | { readonly kind: 'malformed'; readonly value: unknown }
  /** The server echoes the outputs it received (`conversation.item.added`). */
  | { readonly kind: 'echo' }
  | { readonly kind: 'interrupt'; readonly playedMs: number | undefined }
  | { readonly kind: 'decide'; readonly index: number; readonly approve: boolean }
  | { readonly kind: 'sendText'; readonly respond: boolean }
  | { readonly kind: 'createResponse'; readonly outOfBand: boolean }
  | { readonly kind: 'updateAgent'; readonly agent: number }
  | { readonly kind: 'breakInstructions'; readonly on: boolean }
  | { readonly kind: 'drop'; readonly reconnect: boolean }
  | { readonly kind: 'reopen' }
  | { readonly kind: 'close' }
  | { readonly kind: 'advance'; readonly ms: number };

const BROKEN_ARGUMENTS = ['{', '', '[]', '{"mode": 42}', 'null', '{"check": "maybe"}'];

const workArgs = fc
  .record(
    {
      mode: fc.constantFrom(...WORK_MODES),
      ms: fc.integer({ min: 0, max: 2_000 }),
      payload: fc.constantFrom('"fine"', 'not json'),
    },
    { requiredKeys: ['mode'] },
  )
  .map((args) => JSON.stringify(args));

const callSpec: fc.Arbitrary<CallSpec> = fc.oneof(
  { weight: 5, arbitrary: workArgs.map((args) => ({ name: 'work', args })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...APPROVAL_MODES)
      .map((check) => ({ name: 'approve_me', args: JSON.stringify({ check }) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...HANDOFF_MODES)
      .map((mode) => ({ name: 'transfer_to_gamma', args: JSON.stringify({ mode }) })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('transfer_to_beta', 'transfer_to_delta', 'transfer_to_alpha').map((name) => ({
      name,
      args: '',
    })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      name: fc.constantFrom('work', 'approve_me', 'no_such_tool', 'transfer_to_gamma'),
      args: fc.constantFrom(...BROKEN_ARGUMENTS),
    }),
  },
);

const malformed: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    42,
    'not json',
    [],
    { type: 7 },
    { type: 'response.done', event_id: 'e', response: { id: 5, output: 'x' } },
    { type: 'response.created', event_id: 'e', response: 'x' },
    { type: 'response.future_feature', event_id: 'e' },
    {
      type: 'response.output_item.done',
      event_id: 'e',
      response_id: 'r_x',
      output_index: 0,
      item: { type: 'function_call', name: 'work', arguments: '{}' },
    },
    {
      type: 'response.output_text.delta',
      event_id: 'e',
      response_id: 'r_x',
      item_id: 'i_x',
      output_index: 4_294_967_294,
      content_index: 4_294_967_294,
      delta: 'x',
    },
  ),
  fc.anything({ maxDepth: 2 }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('open'), outOfBand: fc.boolean() }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('call'),
      response: fc.nat(3),
      call: callSpec,
      inHistory: fc.boolean(),
      late: fc.constantFrom(false, false, false, false, false, true),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stream'),
      response: fc.nat(3),
      contentIndex: fc.oneof(fc.constant(0), fc.nat(3), fc.constant(4_294_967_294)),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('done'),
      response: fc.nat(3),
      status: fc.constantFrom<ResponseStatus>('completed', 'completed', 'cancelled', 'failed', 'incomplete'),
      extraCalls: fc.array(callSpec, { maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate'), index: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('error'),
      target: fc.constantFrom('create', 'switch', 'none'),
      activeResponse: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('malformed'), value: malformed }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('echo') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('interrupt'),
      playedMs: fc.option(fc.nat(3_000), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('decide'), index: fc.nat(), approve: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sendText'), respond: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('createResponse'), outOfBand: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('updateAgent'), agent: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('breakInstructions'), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop'), reconnect: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close') }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance'),
      ms: fc.constantFrom(1, 50, 499, 500, 1_000, 3_000),
    }),
  },
) as fc.Arbitrary<Step>;

/** A scenario: up to 40 steps. */
export const scenario: fc.Arbitrary<readonly Step[]> = fc.array(step, { minLength: 1, maxLength: 40 });
