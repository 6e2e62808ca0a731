import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAST_CHECKS } from '../../src/protocol/fast-path.js';
import { parseServerEvent } from '../../src/protocol/index.js';
import { SERVER_EVENT_SCHEMAS } from '../../src/protocol/server-events/union.js';
import { canonical, RECORDINGS } from './recordings.js';
import { SERVER_EXAMPLES } from './server-examples.js';

/**
 * The fast checks (src/protocol/fast-path.ts) skip zod for the events a session reads most; they
 * must accept only what zod accepts, so a delivered event is the same with or without them. Held
 * here over the recorded real-API traffic, the schema examples, and generated mutations of both
 * (fields dropped, values of the wrong type or out of range, extra fields, the type swapped).
 */

type Json = Record<string, unknown>;

const runs = Number(process.env.FUZZ_RUNS ?? 5_000);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_206;

function schemaOf(type: string) {
  return SERVER_EVENT_SCHEMAS[type as keyof typeof SERVER_EVENT_SCHEMAS];
}

/** Every recorded event in canonical form, and every schema example, of a type with a fast check. */
const BASES: readonly Json[] = [
  ...RECORDINGS.flatMap((recorded) => recorded.events.map((event) => canonical(recorded, event))),
  ...Object.values(SERVER_EXAMPLES).map((event) => structuredClone(event) as Json),
].filter((event) => typeof event.type === 'string' && FAST_CHECKS.has(event.type));

/** What zod says of `event`, and what the fast check says. */
function verdicts(event: Json): { readonly fast: boolean; readonly zod: boolean } {
  const type = String(event.type);
  const check = FAST_CHECKS.get(type);
  return { fast: check ? check(event) : false, zod: schemaOf(type)?.safeParse(event).success ?? false };
}

/** The shape of a value: its field names and types, and the discriminators' values. */
function shapeOf(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((entry) => shapeOf(entry));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, shapeOf(entry, name)]));
  return key === 'type' || key === 'role' || key === 'status' ? value : typeof value;
}

/** Every path to a value inside `value` (object keys, array indexes), the root excluded. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.flatMap((entry, index) => [[...prefix, index], ...pathsOf(entry, [...prefix, index])]);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, entry]) => [
      [...prefix, key],
      ...pathsOf(entry, [...prefix, key]),
    ]);
  return [];
}

/** Values zod's checks turn on: wrong types, the edges of a stream index, enum members, specials. */
const TRICKY: readonly unknown[] = [
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  -1,
  1.5,
  1023,
  1024,
  '',
  'inf',
  [],
  {},
  [undefined],
  'message',
  'function_call',
  'function_call_output',
  'mcp_call',
  'user',
  'assistant',
  'system',
  'input_text',
  'output_audio',
  'audio',
  'completed',
  'in_progress',
  'tokens',
  'duration',
  'realtime.item',
  'realtime.response',
  'response.done',
  'conversation.item.added',
];

const tricky = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...TRICKY));

/** Optional fields of the schemas the fast checks mirror: an added one must be checked, not ignored. */
const OPTIONAL_FIELDS = [
  'id',
  'object',
  'status',
  'call_id',
  'name',
  'previous_item_id',
  'image_url',
  'detail',
  'text',
  'audio',
  'transcript',
  'type',
  'status_details',
  'reason',
  'error',
  'code',
  'output',
  'output_modalities',
  'conversation_id',
  'max_output_tokens',
  'metadata',
  'usage',
  'input_token_details',
  'cached_tokens_details',
  'output_token_details',
  'audio_tokens',
  'cached_tokens',
  'image_tokens',
  'text_tokens',
  'total_tokens',
  'format',
  'voice',
  'rate',
  'content_index',
  'delta',
  'logprobs',
  'limit',
  'remaining',
  'reset_seconds',
  'seconds',
] as const;

type Mutation =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: tricky }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...OPTIONAL_FIELDS)),
    value: tricky,
  }),
);

/** `base`, copied, with each mutation applied at one of its paths (taken modulo the paths there are). */
function mutate(base: Json, mutations: readonly Mutation[]): Json {
  const event = structuredClone(base);
  for (const change of mutations) {
    const paths = pathsOf(event);
    if (paths.length === 0) break;
    const path = paths[change.at % paths.length] ?? [];
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Json)[key as string], event) as Json;
    const key = path[path.length - 1] as string;
    if (change.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (change.kind === 'set') {
      parent[key] = change.value;
    } else {
      const target = parent[key];
      if (typeof target === 'object' && target !== null && !Array.isArray(target))
        (target as Json)[change.key] = change.value;
      else parent[change.key] = change.value;
    }
  }
  return event;
}

describe('fast checks for the events a session reads most', () => {
  it('cover only known types: a fast check never turns an unknown type into a known one', () => {
    for (const type of FAST_CHECKS.keys()) expect(schemaOf(type), type).toBeDefined();
  });

  it('take the recorded traffic and the schema examples: every base event of their types passes', () => {
    // Not a no-op: the fast path carries what the real API sends (zod is left the odd shapes).
    const covered = new Set<string>();
    const leftToZod: string[] = [];
    const refused: string[] = [];
    for (const event of BASES) {
      const { fast, zod } = verdicts(event);
      const name = `${String(event.type)} ${String(event.event_id)}`;
      if (fast) covered.add(String(event.type));
      if (!zod) refused.push(`${name}${fast ? ' (taken by the fast check!)' : ''}`);
      else if (!fast) leftToZod.push(name);
    }
    expect([...FAST_CHECKS.keys()].filter((type) => !covered.has(type))).toEqual([]);
    expect(leftToZod).toEqual([]);
    // The API reference's beta-era example (see recorded.test.ts): refused by both.
    expect(refused).toEqual(['response.output_item.done event_3536']);
  });

  it('accept only what zod accepts, for every single change to every shape of event recorded', () => {
    // One representative per shape (field names, types, discriminators), then each path dropped and
    // set to each tricky value, and each object given each optional field with a wrong value.
    const shapes = new Map<string, Json>();
    for (const base of BASES) shapes.set(JSON.stringify(shapeOf(base)), base);
    const wrong = [null, 1, 'x', []];
    const taken: string[] = [];
    let checked = 0;
    const probe = (
      base: Json,
      path: readonly (string | number)[],
      change: (parent: Json, key: string) => void,
    ) => {
      const event = structuredClone(base);
      const parent = path
        .slice(0, -1)
        .reduce<unknown>((node, key) => (node as Json)[key as string], event) as Json;
      const key = String(path[path.length - 1]);
      change(parent, key);
      if (typeof event.type !== 'string' || !FAST_CHECKS.has(event.type)) return;
      checked += 1;
      const { fast, zod } = verdicts(event);
      if (fast && !zod) taken.push(`${String(event.type)}: ${path.join('.')} ${JSON.stringify(parent[key])}`);
    };
    for (const base of shapes.values()) {
      const paths = pathsOf(base);
      for (const path of paths) {
        probe(base, path, (parent, key) => {
          if (Array.isArray(parent)) parent.splice(Number(key), 1);
          else delete parent[key];
        });
        for (const value of TRICKY)
          probe(base, path, (parent, key) => {
            parent[key] = value;
          });
      }
      for (const path of [[], ...paths]) {
        const target = path.reduce<unknown>((node, key) => (node as Json)[key as string], base);
        if (typeof target !== 'object' || target === null || Array.isArray(target)) continue;
        for (const field of OPTIONAL_FIELDS)
          for (const value of wrong)
            probe(base, [...path, field], (parent, key) => {
              parent[key] = value;
            });
      }
    }
    expect(taken).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });

  it(`accept only what zod accepts, over ${runs} mutations of real events (seed ${seed})`, () => {
    let fastAccepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (base, mutations) => {
          const event = mutate(base, mutations);
          if (typeof event.type !== 'string' || !FAST_CHECKS.has(event.type)) return;
          const { fast, zod } = verdicts(event);
          if (fast) fastAccepted += 1;
          // The one direction that matters: the fast path never delivers what zod refuses.
          expect(fast && !zod).toBe(false);
          if (fast) expect(parseServerEvent(event)).toEqual({ ok: true, event, warnings: [] });
        },
      ),
      { numRuns: runs, seed },
    );
    // The mutations are not all fatal: the fast path took part of them (extra fields, valid swaps).
    expect(fastAccepted).toBeGreaterThan(runs / 20);
  });

  it('refuses what zod refuses, through the same typed errors and warnings as before', () => {
    const done = structuredClone(SERVER_EXAMPLES['response.done']) as Json;
    (done.response as Json).output = [{ type: 'function_call', name: 'lookup', arguments: 7 }];
    const refused = parseServerEvent(done);
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.issues.map((issue) => issue.path)).toEqual(['response.output[0].arguments']);
    // A field the session only carries: delivered, with a warning, as zod's path always did.
    const created = structuredClone(SERVER_EXAMPLES['response.created']) as Json;
    (created.response as Json).status = 'thinking';
    const warned = parseServerEvent(created);
    expect(warned.ok && warned.warnings.map((warning) => warning.path)).toEqual(['response.status']);
  });
});
