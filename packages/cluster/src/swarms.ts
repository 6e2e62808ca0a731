import type { Swarm, VersionedStore } from '@switchboard/core';
import type { z } from 'zod';
import { ContextTooLargeError, InvalidContextError, UnknownSwarmError } from './errors.js';

/** What a swarm's factory gets besides the call's context. */
export interface SwarmCall {
  /** The cluster's id of the call (stable across workers). */
  readonly callId: string;
  /** Keys shared by every worker, versioned, with compare-and-set (see `updateVersioned` of core). */
  readonly store: VersionedStore;
}

/**
 * A swarm registered by name on the ingress and on every worker: code is never shipped through
 * Redis, only the name and the call's JSON context. `context` validates what `dispatch` is given
 * (its output is what the swarm gets); `create` builds a fresh swarm for each call.
 * (`create` is declared as a method so swarms with different contexts fit in one registry.)
 */
export interface ClusterSwarm<Ctx = unknown> {
  /** A zod schema for the call's context; without it any JSON is accepted. */
  readonly context?: z.ZodType<Ctx>;
  /** The swarm for one call, with that call's context (the same object for all its agents). */
  create(context: Ctx, call: SwarmCall): Swarm<Ctx>;
}

/** Swarms by name, as the ingress and the workers register them. */
export type ClusterSwarms = Readonly<Record<string, ClusterSwarm<unknown>>>;

/**
 * Declares one swarm of a cluster, keeping its context type for `create`.
 *
 * @example
 * ```ts
 * import { defineClusterSwarm } from '@switchboard/cluster';
 * import type { Swarm } from '@switchboard/core';
 * import { z } from 'zod';
 *
 * declare function supportSwarm(context: { customerId: string; notes: string[] }): Swarm<{ customerId: string; notes: string[] }>;
 * export const swarms = {
 *   support: defineClusterSwarm({
 *     context: z.object({ customerId: z.string(), notes: z.array(z.string()).default([]) }),
 *     create: (context) => supportSwarm(context),
 *   }),
 * };
 * ```
 */
export function defineClusterSwarm<Ctx>(swarm: ClusterSwarm<Ctx>): ClusterSwarm<Ctx> {
  return swarm;
}

/** The default largest context, as JSON bytes (a context is state, not a document store). */
export const DEFAULT_MAX_CONTEXT_BYTES = 64 * 1024;

/**
 * Checks a dispatched context: the swarm exists, the context passes its schema, and its JSON fits.
 * Returns the schema's output as JSON text (what travels in the stream).
 */
export function checkedContext(
  swarms: ClusterSwarms,
  name: string,
  context: unknown,
  maxBytes: number,
): string {
  const swarm = Object.hasOwn(swarms, name) ? swarms[name] : undefined;
  if (!swarm) throw new UnknownSwarmError(name, Object.keys(swarms));
  let value: unknown = context === undefined ? {} : context;
  if (swarm.context) {
    const parsed = swarm.context.safeParse(value);
    if (!parsed.success)
      throw new InvalidContextError(
        name,
        parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        })),
      );
    value = parsed.data;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidContextError(name, [{ path: '', message: `not JSON: ${(error as Error).message}` }]);
  }
  if (json === undefined) throw new InvalidContextError(name, [{ path: '', message: 'not JSON' }]);
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) throw new ContextTooLargeError(name, bytes, maxBytes);
  return json;
}

/** The swarm of that name, if this process registers it. */
export function swarmNamed(swarms: ClusterSwarms, name: string): ClusterSwarm<unknown> | undefined {
  return Object.hasOwn(swarms, name) ? swarms[name] : undefined;
}
