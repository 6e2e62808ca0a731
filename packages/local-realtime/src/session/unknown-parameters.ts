/**
 * Finds parameters the API does not know, by walking a client event next to its zod schema. The
 * protocol's schemas are deliberately loose (they must accept what a newer API sends), but the API
 * itself answers an unknown parameter with `invalid_request_error` / `unknown_parameter` naming it, and
 * so does the local server (issue 10). Only zod's documented definition objects (`_zod.def`) are read.
 */
import { isRecord } from '@switchboard/core/protocol';

/** The part of a zod 4 schema this walk reads. */
interface SchemaNode {
  readonly _zod: { readonly def: SchemaDef };
  safeParse(value: unknown): { readonly success: boolean };
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, SchemaNode>>;
  readonly innerType?: SchemaNode;
  readonly element?: SchemaNode;
  readonly valueType?: SchemaNode;
  readonly options?: readonly SchemaNode[];
  readonly in?: SchemaNode;
  readonly getter?: () => SchemaNode;
}

/** Wrappers whose value is validated by the wrapped schema. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/**
 * The path of the first parameter in `value` that `schema` does not name (`session.audio.foo`,
 * `response.tools[0].bar`), or `undefined`. Objects whose keys are free (`metadata`, a tool's JSON
 * Schema `parameters`) are records or `unknown` in the schema and are not looked into. `value` must
 * already have passed `schema` (so every union has a matching option) and have a bounded depth.
 */
export function unknownParameter(schema: unknown, value: unknown, path = ''): string | undefined {
  if (!isSchemaNode(schema) || value === undefined || value === null) return undefined;
  const def = schema._zod.def;
  if (WRAPPERS.has(def.type)) return unknownParameter(def.innerType, value, path);
  switch (def.type) {
    case 'lazy':
      return unknownParameter(def.getter?.(), value, path);
    case 'pipe':
      return unknownParameter(def.in, value, path);
    case 'union': {
      const option = def.options?.find((candidate) => candidate.safeParse(value).success);
      return unknownParameter(option, value, path);
    }
    case 'object':
      return isRecord(value) ? unknownInObject(def.shape ?? {}, value, path) : undefined;
    case 'array':
      if (!Array.isArray(value)) return undefined;
      for (const [index, item] of value.entries()) {
        const found = unknownParameter(def.element, item, `${path}[${index}]`);
        if (found !== undefined) return found;
      }
      return undefined;
    case 'record':
      if (!isRecord(value)) return undefined;
      for (const [key, item] of Object.entries(value)) {
        const found = unknownParameter(def.valueType, item, join(path, key));
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

function unknownInObject(
  shape: Readonly<Record<string, SchemaNode>>,
  value: Record<string, unknown>,
  path: string,
): string | undefined {
  for (const [key, item] of Object.entries(value)) {
    if (!Object.hasOwn(shape, key)) return join(path, key);
    const found = unknownParameter(shape[key], item, join(path, key));
    if (found !== undefined) return found;
  }
  return undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && '_zod' in value && 'safeParse' in value;
}
