import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EMPTY_PARAMETERS_SCHEMA, toolParametersSchema } from '../src/definitions/tool-schema.js';

describe('toolParametersSchema()', () => {
  it('converts nested objects, enums, optional fields, arrays, unions, descriptions, defaults and nullable', () => {
    const schema = z.object({
      city: z.string().describe('City name'),
      unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
      days: z.number().int().min(1).max(14).optional(),
      tags: z.array(z.string()).describe('Free-form tags'),
      address: z.object({ street: z.string(), zip: z.string().nullable() }),
      when: z.union([z.string(), z.number()]),
      note: z.string().nullable(),
    });
    expect(toolParametersSchema(schema)).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
        days: { type: 'integer', minimum: 1, maximum: 14 },
        tags: { type: 'array', items: { type: 'string' }, description: 'Free-form tags' },
        address: {
          type: 'object',
          properties: { street: { type: 'string' }, zip: { type: ['string', 'null'] } },
          required: ['street', 'zip'],
          additionalProperties: false,
        },
        when: { type: ['string', 'number'] },
        note: { type: ['string', 'null'] },
      },
      // Input types: `unit` has a default and `days` is optional, so neither is required.
      required: ['city', 'tags', 'address', 'when', 'note'],
      additionalProperties: false,
    });
  });

  it('has no $schema key and closes every stripping object, however deep', () => {
    const json = toolParametersSchema(
      z.object({ order: z.object({ items: z.array(z.object({ sku: z.string() })) }) }),
    ) as Record<string, Record<string, Record<string, unknown>>>;
    expect(json).not.toHaveProperty('$schema');
    expect(json.additionalProperties).toBe(false);
    const order = json.properties?.order as Record<
      string,
      Record<string, Record<string, Record<string, unknown>>>
    >;
    expect(order.additionalProperties).toBe(false);
    expect(order.properties?.items?.items?.additionalProperties).toBe(false);
  });

  it('keeps what loose objects and records say about extra keys', () => {
    const json = toolParametersSchema(
      z.object({ meta: z.looseObject({ id: z.string() }), counts: z.record(z.string(), z.number()) }),
    ) as { properties: Record<string, Record<string, unknown>> };
    expect(json.properties.meta?.additionalProperties).toEqual({});
    expect(json.properties.counts).toEqual({
      type: 'object',
      propertyNames: { type: 'string' },
      additionalProperties: { type: 'number' },
    });
  });

  it('writes discriminated unions as anyOf (the union keyword function calling documents)', () => {
    const json = toolParametersSchema(
      z.object({
        target: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('email'), address: z.string() }),
          z.object({ kind: z.literal('sms'), phone: z.string() }),
        ]),
      }),
    ) as { properties: { target: Record<string, unknown> } };
    expect(json.properties.target).toEqual({
      anyOf: [
        {
          type: 'object',
          properties: { kind: { type: 'string', const: 'email' }, address: { type: 'string' } },
          required: ['kind', 'address'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: { kind: { type: 'string', const: 'sms' }, phone: { type: 'string' } },
          required: ['kind', 'phone'],
          additionalProperties: false,
        },
      ],
    });
  });

  it('drops the ±2^53 bounds zod puts on bare integers, keeps bounds the schema sets', () => {
    const json = toolParametersSchema(z.object({ n: z.number().int(), m: z.number().int().min(0) })) as {
      properties: Record<string, unknown>;
    };
    expect(json.properties).toEqual({ n: { type: 'integer' }, m: { type: 'integer', minimum: 0 } });
  });

  it('uses input types: transforms show what the model must send', () => {
    const json = toolParametersSchema(z.object({ length: z.string().transform((s) => s.length) })) as {
      properties: Record<string, unknown>;
    };
    expect(json.properties.length).toEqual({ type: 'string' });
  });

  it('pools the keys of intersected objects instead of closing each member', () => {
    const json = toolParametersSchema(
      z.object({ who: z.object({ a: z.string() }).and(z.object({ b: z.number() })) }),
    ) as {
      properties: { who: unknown };
    };
    expect(json.properties.who).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a', 'b'],
      additionalProperties: false,
    });
  });

  it('expresses recursive schemas with $defs and $ref', () => {
    const Node: z.ZodType<{ name: string; children: unknown[] }> = z.object({
      name: z.string(),
      get children() {
        return z.array(Node);
      },
    });
    const json = toolParametersSchema(z.object({ root: Node })) as {
      properties: { root: unknown };
      $defs: Record<string, unknown>;
    };
    expect(json.properties.root).toEqual({ $ref: expect.stringMatching(/^#\/\$defs\//) });
    expect(Object.values(json.$defs)[0]).toMatchObject({
      additionalProperties: false,
      required: ['name', 'children'],
    });
  });

  it('caches per schema and freezes the result, so a session cannot alter it', () => {
    const schema = z.object({ q: z.string() });
    const first = toolParametersSchema(schema);
    expect(toolParametersSchema(schema)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first as { properties: object }).properties)).toBe(true);
  });

  it('throws for types JSON cannot express', () => {
    expect(() => toolParametersSchema(z.object({ big: z.bigint() }))).toThrow(/BigInt cannot be represented/);
  });

  it('offers the schema of a tool without parameters', () => {
    expect(EMPTY_PARAMETERS_SCHEMA).toEqual({ type: 'object', properties: {}, additionalProperties: false });
    expect(toolParametersSchema(z.object({}))).toEqual(EMPTY_PARAMETERS_SCHEMA);
  });
});
