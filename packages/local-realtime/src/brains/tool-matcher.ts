import type { FunctionToolDefinition } from '@switchboard/core/protocol';
import { contentStems, identifierWords, stem, words } from './words.js';

/** A word of the tool's name counts this much; a word of its description counts 1. */
const NAME_WEIGHT = 3;

/** Handoff tools are named `transfer_to_<agent>`. */
export function isHandoffTool(name: string): boolean {
  return name.startsWith('transfer_to_');
}

/** A tool with how well it matches the user's words. */
export interface ToolScore {
  readonly tool: FunctionToolDefinition;
  readonly score: number;
}

/** Stems a tool is known by: its name's words (without `transfer`/`to`) and its description's. */
function toolStems(tool: FunctionToolDefinition): { name: Set<string>; description: Set<string> } {
  const nameWords = identifierWords(tool.name).filter((word) => word !== 'transfer' && word !== 'to');
  return {
    name: new Set(nameWords.map(stem)),
    description: new Set(contentStems(tool.description ?? '')),
  };
}

/**
 * Scores tools against a user text: each distinct meaningful word of the text adds 3 when it is a
 * word of the tool's name, else 1 when it is a word of its description. Ties keep declaration order.
 */
export function rankTools(tools: readonly FunctionToolDefinition[], text: string): ToolScore[] {
  const userStems = new Set(contentStems(text));
  // Numbers and ids say nothing about which tool is meant.
  for (const word of words(text)) if (/\d/.test(word)) userStems.delete(stem(word));
  const scored = tools.map((tool, index) => {
    const known = toolStems(tool);
    let score = 0;
    for (const word of userStems) {
      if (known.name.has(word)) score += NAME_WEIGHT;
      else if (known.description.has(word)) score += 1;
    }
    return { tool, score, index };
  });
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ tool, score }) => ({ tool, score }));
}
