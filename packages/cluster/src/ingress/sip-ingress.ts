import {
  type IncomingCall,
  type SipCallHandler,
  type SipCallsOptions,
  sipCalls,
} from '@switchboard/transport-sip';
import { swarmNamed } from '../swarms.js';
import type { Cluster } from './cluster.js';

/** What the SIP ingress does with a call: run it on a swarm with a context, or refuse it with a SIP status. */
export type ClusterSipRoute =
  | { readonly swarm: string; readonly context?: unknown }
  | { readonly reject: number };

/** Options of {@link clusterSipCalls}: those of `sipCalls` of transport-sip, with a route by swarm name. */
export interface ClusterSipCallsOptions
  extends Omit<SipCallsOptions<unknown>, 'route' | 'handOver' | 'onSession' | 'wrapTransport'> {
  /** The cluster the calls are dispatched to (its swarms are the ones routes may name). */
  readonly cluster: Cluster;
  /** Picks the swarm and context of a call, or rejects it. A context failing its schema rejects with 500. */
  readonly route: (call: IncomingCall) => ClusterSipRoute | Promise<ClusterSipRoute>;
}

/**
 * The SIP webhook of a cluster: verifies `realtime.call.incoming` (transport-sip's `sipCalls`),
 * accepts the call with the start agent's config, and dispatches it (`attach: { type: 'sip' }`, the
 * SIP call id as the cluster's call id) instead of running it here: a worker attaches to the call by
 * its id, and after a failover the next one does.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { type ClusterSwarms, clusterSipCalls, createCluster } from '@switchboard/cluster';
 * import OpenAI from 'openai';
 *
 * declare const swarms: ClusterSwarms;
 * const cluster = await createCluster({ redis: process.env.REDIS_URL!, swarms });
 * const calls = clusterSipCalls({
 *   cluster,
 *   client: new OpenAI(),
 *   route: (call) => ({ swarm: 'support', context: { customerId: call.from ?? 'unknown' } }),
 * });
 * createServer(calls.listener).listen(3000);
 * ```
 */
export function clusterSipCalls(options: ClusterSipCallsOptions): SipCallHandler<unknown> {
  const { cluster, route, ...sip } = options;
  const routed = new Map<string, { readonly swarm: string; readonly context: unknown }>();
  return sipCalls<unknown>({
    ...sip,
    route: async (call) => {
      const chosen = await route(call);
      if ('reject' in chosen) return chosen;
      const definition = swarmNamed(cluster.swarms, chosen.swarm);
      // Checked as dispatch will: a bad swarm or context refuses the call before it is accepted.
      const context = JSON.parse(cluster.check(chosen.swarm, chosen.context));
      routed.set(call.callId, { swarm: chosen.swarm, context });
      // The accept carries the start agent's config, built from the call's own context.
      return {
        swarm: (definition as NonNullable<typeof definition>).create(context, {
          callId: call.callId,
          store: cluster.store,
        }),
      };
    },
    handOver: async (call) => {
      const chosen = routed.get(call.callId);
      routed.delete(call.callId);
      if (!chosen) return;
      await cluster.dispatch({
        ...chosen,
        attach: { type: 'sip', callId: call.callId },
        callId: call.callId,
      });
    },
  });
}
