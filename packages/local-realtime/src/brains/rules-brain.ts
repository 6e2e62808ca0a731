import {
  type ConversationItem,
  type FunctionCallItem,
  type FunctionToolDefinition,
  isRecord,
} from '@switchboard/core/protocol';
import { fillArguments } from './argument-filler.js';
import type { Brain, BrainOutput, BrainRequest } from './brain.js';
import { currentTurn, itemText, pendingToolResults, type ToolResult } from './conversation.js';
import { summarizeResult } from './summarize.js';
import { isHandoffTool, rankTools } from './tool-matcher.js';
import { humanize, isCourtesyOnly, words } from './words.js';

/** Options of {@link rulesBrain}. */
export interface RulesBrainOptions {
  /** Most handoffs in a row for one user message (a guard against agents passing the caller around). Default 3. */
  readonly maxHandoffsPerTurn?: number;
}

/** Items after the last user message (what the model did for the current request so far). */
function sinceLastUser(items: readonly ConversationItem[]): ConversationItem[] {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as ConversationItem;
    if (item.type === 'message' && item.role === 'user') return items.slice(i + 1);
  }
  return [...items];
}

function userTexts(items: readonly ConversationItem[]): string[] {
  return items
    .filter((item) => item.type === 'message' && item.role === 'user')
    .map(itemText)
    .filter((text) => text.length > 0)
    .reverse();
}

function callArguments(items: readonly ConversationItem[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const item of [...items].reverse()) {
    if (item.type !== 'function_call') continue;
    try {
      const parsed: unknown = JSON.parse(item.arguments);
      if (isRecord(parsed)) out.push(parsed);
    } catch {
      // Malformed arguments are no source of values.
    }
  }
  return out;
}

/** A short reply to a message no tool fits. */
function smallTalk(text: string): string {
  const lower = words(text);
  if (lower.some((word) => word === 'bye' || word === 'goodbye') || /that'?s all/i.test(text)) {
    return 'Goodbye, and thanks for calling!';
  }
  if (lower.some((word) => word === 'thanks' || word === 'thank' || word === 'thx')) {
    return "You're welcome! Is there anything else I can help with?";
  }
  if (lower.some((word) => word === 'hi' || word === 'hello' || word === 'hey'))
    return 'Hello! How can I help you today?';
  const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return `You said: "${shown}". How can I help with that?`;
}

/** What an audio-only user message gets: the brain has no ears. */
function audioReply(items: readonly ConversationItem[]): string | undefined {
  const last = [...items].reverse().find((item) => item.type === 'message' && item.role === 'user');
  if (last?.type !== 'message') return undefined;
  const audio = last.content.find((part) => part.type === 'input_audio');
  if (!audio) return undefined;
  const seconds = typeof audio.audio === 'string' ? (audio.audio.length * 3) / 4 / 48_000 : 0;
  return `I heard about ${seconds.toFixed(1)} seconds of audio, but I cannot understand speech here. Please type your request.`;
}

function call(tool: FunctionToolDefinition, request: BrainRequest, text: string): BrainOutput {
  const args = fillArguments(tool.parameters, {
    text,
    earlierTexts: userTexts(request.items).slice(1),
    earlierArguments: callArguments(request.items),
  });
  return { type: 'function_call', name: tool.name, arguments: args };
}

/** The answer to tool results: a summary of each (handoff outputs say nothing to the caller). */
function summarize(results: readonly ToolResult[]): string {
  return results.map((result) => summarizeResult(result)).join(' ');
}

/**
 * The results the user asks about: calls the model never answered before the user's latest message
 * (a call that went on after the user interrupted, and ended meanwhile) of the tool that message
 * points to. Empty when it points elsewhere: then the brain acts on it as usual.
 */
function askedAbout(request: BrainRequest, text: string): ToolResult[] {
  const items = request.items;
  const lastUser = items.findLastIndex((item) => item.type === 'message' && item.role === 'user');
  const pointed = rankTools(request.tools, text)[0]?.tool.name;
  if (lastUser < 0 || pointed === undefined) return [];
  return pendingToolResults(items.slice(0, lastUser)).filter((result) => result.name === pointed);
}

/** What an out-of-band response with no input says: the first quoted line of its instructions. */
function followInstructions(instructions: string): string {
  return /"([^"]+)"/.exec(instructions)?.[1] ?? 'One moment, please.';
}

/**
 * The default brain: deterministic rules good enough to drive multi-agent demos without a model.
 *
 * - A user message: the tool whose name (3 points per word) or description (1 point) shares the most
 *   words with it is called, its arguments filled from its JSON Schema and the text (see
 *   `fillArguments`). No match: with `tool_choice: 'required'` the first tool; else, if the agent has a
 *   single handoff tool and the message is a request (not thanks or hello), that handoff; else a short
 *   text reply.
 * - Just handed off (the latest tool outputs answer `transfer_to_…` calls): the new agent acts on the
 *   user's last message with its own tools, never handing off along a route already taken for it.
 * - Tool results: one sentence per result, in text.
 * - A user message about a call whose result the model never answered (it went on after the user
 *   interrupted, `onInterrupt: 'finish'`, and ended meanwhile; the message's best tool is that
 *   call's): that result, instead of calling the tool again.
 * - An out-of-band response with no input (a filler while tools run): the first quoted line of its
 *   instructions (`"One moment, still checking."`), else `One moment, please.`
 * - A forced `tool_choice: { type: 'function', name }` calls that tool.
 *
 * @example
 * ```ts
 * import { rulesBrain, startLocalRealtime } from '@switchboard/local-realtime';
 *
 * const server = await startLocalRealtime({ brain: rulesBrain() });
 * ```
 */
export function rulesBrain(options: RulesBrainOptions = {}): Brain {
  const maxHandoffs = options.maxHandoffsPerTurn ?? 3;

  /** Acts on a user request: the best tool, a lone handoff, or a reply. */
  function act(request: BrainRequest, text: string, handedOffVia: string | undefined): BrainOutput[] {
    const called = new Set(
      sinceLastUser(request.items)
        .filter((item): item is FunctionCallItem => item.type === 'function_call')
        .map((item) => item.name),
    );
    const handoffsSoFar = [...called].filter(isHandoffTool).length;
    // A tool already called for this message is not called again: no loops, no ping-pong handoffs.
    const allowed = request.tools.filter(
      (tool) => !called.has(tool.name) && !(isHandoffTool(tool.name) && handoffsSoFar >= maxHandoffs),
    );
    const best = rankTools(allowed, text)[0]?.tool;
    if (best) return [call(best, request, text)];
    if (request.toolChoice === 'required' && allowed[0]) return [call(allowed[0], request, text)];
    const handoffs = allowed.filter((tool) => isHandoffTool(tool.name));
    if (handedOffVia === undefined && handoffs.length === 1 && !isCourtesyOnly(text)) {
      return [call(handoffs[0] as FunctionToolDefinition, request, text)];
    }
    if (handedOffVia !== undefined) {
      return [{ type: 'message', text: `Hi, you're through to ${deskName(handedOffVia)}. How can I help?` }];
    }
    return [{ type: 'message', text: smallTalk(text) }];
  }

  return {
    name: 'rules',
    respond(request): BrainOutput[] {
      const turn = currentTurn(request.items);
      const choice = request.toolChoice;
      const lastText = userTexts(request.items)[0];
      if (request.outOfBand && request.items.length === 0)
        return [{ type: 'message', text: followInstructions(request.instructions) }];
      if (typeof choice === 'object' && choice.type === 'function') {
        const forced = request.tools.find((tool) => tool.name === choice.name);
        if (forced) return [call(forced, request, lastText ?? '')];
      }
      if (turn.kind === 'tool_results') {
        const handoffs = turn.results.filter((result) => isHandoffTool(result.name ?? ''));
        if (handoffs.length < turn.results.length) {
          const others = turn.results.filter((result) => !isHandoffTool(result.name ?? ''));
          return [{ type: 'message', text: summarize(others) }];
        }
        const via = handoffs[handoffs.length - 1]?.name ?? 'transfer_to_agent';
        if (lastText === undefined) {
          return [{ type: 'message', text: `Hi, you're through to ${deskName(via)}. How can I help?` }];
        }
        return act(request, lastText, via);
      }
      if (turn.kind === 'user') {
        if (turn.text !== undefined) {
          const asked = askedAbout(request, turn.text);
          if (asked.length > 0) return [{ type: 'message', text: summarize(asked) }];
          return act(request, turn.text, undefined);
        }
        return [{ type: 'message', text: audioReply(request.items) ?? 'Hello! How can I help you today?' }];
      }
      const text =
        lastText === undefined
          ? 'Hello! How can I help you today?'
          : 'Is there anything else I can help with?';
      return [{ type: 'message', text }];
    },
  };
}

/** `transfer_to_tech_support` → `tech support`. */
function deskName(handoffTool: string): string {
  return humanize(handoffTool.replace(/^transfer_to_/, '')).toLowerCase();
}
