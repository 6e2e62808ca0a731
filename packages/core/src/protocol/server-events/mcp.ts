import { z } from 'zod';
import { StreamIndexSchema } from '../stream-index.js';
import { responseItemBase, serverBase } from './common.js';

const mcpListTools = { ...serverBase, item_id: z.string() };

/** `mcp_list_tools.in_progress`: the server is listing an MCP server's tools. */
export const McpListToolsInProgressEventSchema = z.looseObject({
  ...mcpListTools,
  type: z.literal('mcp_list_tools.in_progress'),
});

/** `mcp_list_tools.completed`: the MCP tool list is ready (item `item_id`). */
export const McpListToolsCompletedEventSchema = z.looseObject({
  ...mcpListTools,
  type: z.literal('mcp_list_tools.completed'),
});

/** `mcp_list_tools.failed`: listing an MCP server's tools failed. */
export const McpListToolsFailedEventSchema = z.looseObject({
  ...mcpListTools,
  type: z.literal('mcp_list_tools.failed'),
});

/** `response.mcp_call_arguments.delta`: streamed arguments of an MCP call. */
export const ResponseMcpCallArgumentsDeltaEventSchema = z.looseObject({
  ...responseItemBase,
  type: z.literal('response.mcp_call_arguments.delta'),
  delta: z.string(),
  obfuscation: z.string().nullish(),
});

/** `response.mcp_call_arguments.done`: the complete arguments of an MCP call. */
export const ResponseMcpCallArgumentsDoneEventSchema = z.looseObject({
  ...responseItemBase,
  type: z.literal('response.mcp_call_arguments.done'),
  arguments: z.string(),
});

const mcpCall = { ...serverBase, item_id: z.string(), output_index: StreamIndexSchema };

/** `response.mcp_call.in_progress`: an MCP call started. */
export const ResponseMcpCallInProgressEventSchema = z.looseObject({
  ...mcpCall,
  type: z.literal('response.mcp_call.in_progress'),
});

/** `response.mcp_call.completed`: an MCP call returned. */
export const ResponseMcpCallCompletedEventSchema = z.looseObject({
  ...mcpCall,
  type: z.literal('response.mcp_call.completed'),
});

/** `response.mcp_call.failed`: an MCP call failed. */
export const ResponseMcpCallFailedEventSchema = z.looseObject({
  ...mcpCall,
  type: z.literal('response.mcp_call.failed'),
});
