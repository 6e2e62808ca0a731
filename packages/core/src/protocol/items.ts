import { z } from 'zod';

/** Lifecycle of an item: streamed items start `in_progress`. */
export const ItemStatusSchema = z.enum(['completed', 'incomplete', 'in_progress']);

/** Fields every conversation item may carry. */
const itemBase = {
  id: z.string().optional(),
  object: z.literal('realtime.item').optional(),
  status: ItemStatusSchema.optional(),
};

/**
 * The payload fields any content part may carry. The API documents `audio` / `transcript` only on
 * user and assistant parts; declaring them on every part lets code read `part.text ?? part.transcript`
 * across roles without narrowing. `transcript` is `null` on user audio when input transcription is off.
 */
const partPayload = {
  text: z.string().optional(),
  audio: z.string().optional(),
  transcript: z.string().nullish(),
};

/** Content of a system message: text only. */
export const SystemContentPartSchema = z.looseObject({
  ...partPayload,
  type: z.literal('input_text').optional(),
});

/** Content of a user message: text, audio (base64, with its transcript) or an image. */
export const UserContentPartSchema = z.looseObject({
  ...partPayload,
  type: z.enum(['input_text', 'input_audio', 'input_image']).optional(),
  image_url: z.string().optional(),
  detail: z.enum(['auto', 'low', 'high']).optional(),
});

/** Content of an assistant message: text, or audio with its transcript. */
export const AssistantContentPartSchema = z.looseObject({
  ...partPayload,
  type: z.enum(['output_text', 'output_audio']).optional(),
});

/**
 * Any content part of a message (GA names: `input_text`, `input_audio`, `input_image`, `output_text`,
 * `output_audio`). The beta dialect calls the assistant ones `text` / `audio`.
 */
export type ContentPart =
  | z.infer<typeof SystemContentPartSchema>
  | z.infer<typeof UserContentPartSchema>
  | z.infer<typeof AssistantContentPartSchema>;

/** A system message item. */
export const SystemMessageItemSchema = z.looseObject({
  ...itemBase,
  type: z.literal('message'),
  role: z.literal('system'),
  content: z.array(SystemContentPartSchema),
});
/** See `SystemMessageItemSchema`. */
export type SystemMessageItem = z.infer<typeof SystemMessageItemSchema>;

/** A user message item. */
export const UserMessageItemSchema = z.looseObject({
  ...itemBase,
  type: z.literal('message'),
  role: z.literal('user'),
  content: z.array(UserContentPartSchema),
});
/** See `UserMessageItemSchema`. */
export type UserMessageItem = z.infer<typeof UserMessageItemSchema>;

/** An assistant message item. */
export const AssistantMessageItemSchema = z.looseObject({
  ...itemBase,
  type: z.literal('message'),
  role: z.literal('assistant'),
  content: z.array(AssistantContentPartSchema),
});
/** See `AssistantMessageItemSchema`. */
export type AssistantMessageItem = z.infer<typeof AssistantMessageItemSchema>;

/**
 * A message item, discriminated on `role`.
 */
export const MessageItemSchema = z.discriminatedUnion('role', [
  SystemMessageItemSchema,
  UserMessageItemSchema,
  AssistantMessageItemSchema,
]);
/** See `MessageItemSchema`. */
export type MessageItem = z.infer<typeof MessageItemSchema>;

/**
 * The model calling a function; `arguments` is a JSON string (streamed, so possibly partial while
 * `in_progress`).
 */
export const FunctionCallItemSchema = z.looseObject({
  ...itemBase,
  type: z.literal('function_call'),
  name: z.string(),
  arguments: z.string(),
  call_id: z.string().optional(),
});
/** See `FunctionCallItemSchema`. */
export type FunctionCallItem = z.infer<typeof FunctionCallItemSchema>;

/**
 * The result of a function call, matched to it by `call_id`.
 */
export const FunctionCallOutputItemSchema = z.looseObject({
  ...itemBase,
  type: z.literal('function_call_output'),
  call_id: z.string(),
  output: z.string(),
});
/** See `FunctionCallOutputItemSchema`. */
export type FunctionCallOutputItem = z.infer<typeof FunctionCallOutputItemSchema>;

/** The model asking for approval before calling an MCP tool. */
export const McpApprovalRequestItemSchema = z.looseObject({
  type: z.literal('mcp_approval_request'),
  id: z.string(),
  name: z.string(),
  arguments: z.string(),
  server_label: z.string(),
});

/** The client's answer to an `McpApprovalRequestItemSchema`. */
export const McpApprovalResponseItemSchema = z.looseObject({
  type: z.literal('mcp_approval_response'),
  id: z.string(),
  approval_request_id: z.string(),
  approve: z.boolean(),
  reason: z.string().nullish(),
});

/** The tools an MCP server offers, as listed by the API. */
export const McpListToolsItemSchema = z.looseObject({
  type: z.literal('mcp_list_tools'),
  id: z.string().optional(),
  server_label: z.string(),
  tools: z.array(
    z.looseObject({
      name: z.string(),
      input_schema: z.unknown(),
      annotations: z.unknown().optional(),
      description: z.string().nullish(),
    }),
  ),
});

/** Why an MCP call failed: protocol, tool execution or HTTP error. */
export const McpCallErrorSchema = z.looseObject({
  type: z.enum(['protocol_error', 'tool_execution_error', 'http_error']),
  message: z.string(),
  code: z.number().optional(),
});

/** A call the model made to an MCP tool, with its output or error once done. */
export const McpCallItemSchema = z.looseObject({
  type: z.literal('mcp_call'),
  id: z.string(),
  name: z.string(),
  arguments: z.string(),
  server_label: z.string(),
  approval_request_id: z.string().nullish(),
  error: McpCallErrorSchema.nullish(),
  output: z.string().nullish(),
});

/**
 * Any item of a conversation, discriminated on `type` (messages further on `role`).
 *
 * @example
 * ```ts
 * import { type ConversationItem } from '@switchboard/core';
 *
 * function text(item: ConversationItem): string {
 *   return item.type === 'message' ? item.content.map((p) => p.text ?? p.transcript ?? '').join('') : '';
 * }
 * ```
 */
export const ConversationItemSchema = z.discriminatedUnion('type', [
  MessageItemSchema,
  FunctionCallItemSchema,
  FunctionCallOutputItemSchema,
  McpApprovalRequestItemSchema,
  McpApprovalResponseItemSchema,
  McpListToolsItemSchema,
  McpCallItemSchema,
]);
/** See {@link ConversationItemSchema}. */
export type ConversationItem = z.infer<typeof ConversationItemSchema>;

/** A pointer to an existing conversation item, usable as `response.create` input. */
export const ItemReferenceSchema = z.looseObject({ type: z.literal('item_reference'), id: z.string() });
/** See `ItemReferenceSchema`. */
export type ItemReference = z.infer<typeof ItemReferenceSchema>;
