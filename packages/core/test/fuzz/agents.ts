import { z } from 'zod';
import { type Agent, defineAgent, defineSwarm, handoff, type Swarm, tool } from '../../src/index.js';

/** What a `work` call does, chosen by the model (the generated arguments). */
export const WORK_MODES = [
  'return',
  'throw-error',
  'throw-string',
  'throw-undefined',
  'throw-null-proto',
  'reject',
  'hang',
  'slow',
  'abort-aware',
  'huge',
  'circular',
  'bigint',
  'function',
  'send-text',
] as const;

/** What an approval check does. */
export const APPROVAL_MODES = ['yes', 'no', 'throw', 'hang', 'slow-yes'] as const;

/** What the input-taking handoff's `onHandoff` does (`refine-throws` makes its input schema throw). */
export const HANDOFF_MODES = ['ok', 'throw', 'hang', 'abort-aware', 'refine-throws'] as const;

/** Tool timeouts of the fuzz swarm, in (fake) milliseconds. */
export const WORK_TIMEOUT_MS = 500;
export const SESSION_TOOL_TIMEOUT_MS = 1_000;

/** The shared context: counters the harness reads, and a switch that breaks one agent's instructions. */
export interface FuzzContext {
  breakInstructions: boolean;
  /** `ctx.session.sendText()` calls that went through (each may ask for a response). */
  toolTexts: number;
  /** How many times each call's `execute` started, by call id. */
  executed: Map<string, number>;
  /** Calls whose `tool_end` was emitted (the harness fills it). */
  ended: Set<string>;
  /** Calls whose `execute` started after their `tool_end`: work started after a cancel. */
  startedAfterEnd: string[];
  /** Timers of app callbacks that ignore their signal, still pending. */
  appTimers: number;
}

const started = (ctx: { context: unknown; callId: string }) => {
  const context = ctx.context as FuzzContext;
  context.executed.set(ctx.callId, (context.executed.get(ctx.callId) ?? 0) + 1);
  if (context.ended.has(ctx.callId)) context.startedAfterEnd.push(ctx.callId);
};

const never = () => new Promise<never>(() => {});
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

const work = tool({
  name: 'work',
  description: 'Does some work the way it is told to',
  parameters: z.object({
    mode: z.enum(WORK_MODES),
    ms: z.number().int().min(0).max(5_000).default(10),
    payload: z
      .string()
      .transform((text) => JSON.parse(text) as unknown)
      .optional(),
  }),
  timeoutMs: WORK_TIMEOUT_MS,
  execute: async ({ mode, ms }, ctx) => {
    started(ctx);
    const context = ctx.context as FuzzContext;
    switch (mode) {
      case 'return':
        return { ok: true };
      case 'throw-error':
        throw new Error('tool failed');
      case 'throw-string':
        throw 'a string';
      case 'throw-undefined':
        throw undefined;
      case 'throw-null-proto':
        throw Object.create(null);
      case 'reject':
        return Promise.reject(new TypeError('rejected'));
      case 'hang':
        return never();
      case 'slow':
        // A well-behaved slow tool: its own timer ends with its signal.
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, ms);
          ctx.signal.addEventListener('abort', () => clearTimeout(timer));
        });
        return `slept ${ms}`;
      case 'abort-aware':
        return untilAborted(ctx.signal);
      case 'huge':
        return 'x'.repeat(200_000);
      case 'circular': {
        const node: Record<string, unknown> = {};
        node.self = node;
        return node;
      }
      case 'bigint':
        return { total: 10n };
      case 'function':
        return () => 'source';
      case 'send-text':
        ctx.session.sendText('(a note from the tool)');
        context.toolTexts += 1;
        return 'noted';
    }
  },
});

const approveMe = tool({
  name: 'approve_me',
  description: 'Needs approval, depending on the check',
  parameters: z.object({ check: z.enum(APPROVAL_MODES) }),
  timeoutMs: WORK_TIMEOUT_MS,
  needsApproval: ({ check }, ctx) => {
    if (check === 'throw') throw new Error('check failed');
    if (check === 'hang') return never();
    // Ignores its signal: an interruption can land while it runs.
    if (check === 'slow-yes') {
      const context = ctx.context as FuzzContext;
      context.appTimers += 1; // the app's own timer, not the session's: counted apart
      return new Promise<boolean>((resolve) =>
        setTimeout(() => {
          context.appTimers -= 1;
          resolve(true);
        }, 100),
      );
    }
    return check === 'yes';
  },
  execute: (_args, ctx) => {
    started(ctx);
    return 'approved work done';
  },
});

const handoffInput = z.object({
  mode: z.enum(HANDOFF_MODES).refine((mode) => {
    if (mode === 'refine-throws') throw new Error('refine threw');
    return true;
  }),
});

/**
 * The swarm every scenario runs: Alpha (work, approve_me; hands off to Beta, to Gamma with input and
 * an `onHandoff` that does what the input says, and to Delta whose instructions always throw), Beta
 * (whose instructions throw while `breakInstructions` is on), Gamma and Delta.
 */
export function fuzzSwarm(): { swarm: Swarm<FuzzContext>; context: FuzzContext } {
  const context: FuzzContext = {
    breakInstructions: false,
    toolTexts: 0,
    executed: new Map(),
    ended: new Set(),
    startedAfterEnd: [],
    appTimers: 0,
  };
  const beta: Agent<FuzzContext> = defineAgent<FuzzContext>({
    name: 'Beta',
    instructions: (ctx) => {
      if (ctx.breakInstructions) throw new Error('Beta has no instructions now');
      return 'You are Beta.';
    },
    tools: [work],
    handoffs: [handoff(() => alpha)],
  });
  const gamma: Agent<FuzzContext> = defineAgent<FuzzContext>({
    name: 'Gamma',
    instructions: 'You are Gamma.',
    tools: [approveMe],
    handoffs: [handoff(() => alpha)],
  });
  const delta: Agent<FuzzContext> = defineAgent<FuzzContext>({
    name: 'Delta',
    instructions: () => {
      throw new Error('Delta is broken');
    },
  });
  const alpha: Agent<FuzzContext> = defineAgent<FuzzContext>({
    name: 'Alpha',
    instructions: 'You are Alpha.',
    tools: [work, approveMe],
    handoffs: [
      handoff(beta),
      handoff(gamma, {
        input: handoffInput,
        onHandoff: (ctx, { mode }) => {
          if (mode === 'throw') throw new Error('onHandoff failed');
          if (mode === 'hang') return never();
          if (mode === 'abort-aware') return untilAborted(ctx.signal);
          return undefined;
        },
      }),
      handoff(delta),
    ],
  });
  return { swarm: defineSwarm({ agents: [alpha, beta, gamma, delta], start: alpha, context }), context };
}
