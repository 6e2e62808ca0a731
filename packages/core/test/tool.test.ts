import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineAgent } from '../src/definitions/agent.js';
import type { FunctionTool, ToolContext, ToolSessionHandle } from '../src/definitions/shapes.js';
import { type ExecutableTool, tool, toSessionTool } from '../src/definitions/tool.js';
import { InvalidToolNameError, ToolConfigError } from '../src/errors/config-errors.js';

const weatherParams = z.object({ city: z.string(), unit: z.enum(['c', 'f']).default('c') });
const session: ToolSessionHandle = { agentName: 'Assistant', sendText: () => {} };

function contextFor<Ctx>(context: Ctx): ToolContext<Ctx> {
  const agent = defineAgent<Ctx>({ name: 'Assistant', instructions: 'Be brief.' });
  return {
    context,
    callId: 'call_1',
    idempotencyKey: 'call_1',
    signal: new AbortController().signal,
    agent,
    session,
  };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('tool()', () => {
  it('returns a frozen function tool whose execute gets typed args and the context', async () => {
    const weather = tool({
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: weatherParams,
      execute: async ({ city, unit }, ctx: ToolContext<{ userId: string }>) => ({
        city,
        unit,
        for: ctx.context.userId,
      }),
    });
    expect(weather).toMatchObject({
      kind: 'function',
      name: 'get_weather',
      description: 'Weather for a city',
      timeoutMs: undefined,
    });
    expect(weather.parameters).toBe(weatherParams);
    expect(Object.isFrozen(weather)).toBe(true);
    const args = weather.parameters.parse({ city: 'Oslo' });
    await expect(weather.execute(args, contextFor({ userId: 'u1' }))).resolves.toEqual({
      city: 'Oslo',
      unit: 'c',
      for: 'u1',
    });

    expectTypeOf(weather).toEqualTypeOf<
      ExecutableTool<{ userId: string }, typeof weatherParams, { city: string; unit: 'c' | 'f'; for: string }>
    >();
    expectTypeOf(weather).toExtend<FunctionTool<{ userId: string }>>();
    expectTypeOf<Parameters<typeof weather.execute>[0]>().toEqualTypeOf<{ city: string; unit: 'c' | 'f' }>();
  });

  it('fits where a tool of any parameters is expected (agents hold mixed tools)', () => {
    const ping = tool({ name: 'ping', description: 'Ping', parameters: z.object({}), execute: () => 'pong' });
    const weather = tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: weatherParams,
      execute: ({ city }) => city,
    });
    const tools: FunctionTool<unknown>[] = [ping, weather];
    expect(tools.map((t) => t.name)).toEqual(['ping', 'get_weather']);
  });

  it.each([
    ['get weather', /contains " "/],
    ['', /it is empty/],
    ['x'.repeat(65), /65 characters, at most 64/],
    ['wetter.für', /contains "\.", "ü"/],
  ])('rejects the name %j with an InvalidToolNameError naming the field and value', (name, detail) => {
    const error = catchError(() =>
      tool({ name, description: 'd', parameters: z.object({}), execute: () => undefined }),
    ) as InvalidToolNameError;
    expect(error).toBeInstanceOf(InvalidToolNameError);
    expect(error).toMatchObject({ code: 'invalid_tool_name', field: 'name', value: name });
    expect(error.message).toContain(JSON.stringify(name));
    expect(error.message).toMatch(detail);
    expect(error.message).toContain('^[a-zA-Z0-9_-]{1,64}$');
  });

  it('accepts names at the edges of the pattern', () => {
    for (const name of ['a', 'x'.repeat(64), 'Get-Weather_2']) {
      expect(tool({ name, description: 'd', parameters: z.object({}), execute: () => 1 }).name).toBe(name);
    }
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 1e12])(
    'rejects timeoutMs %s',
    (timeoutMs) => {
      const error = catchError(() =>
        tool({ name: 'slow', description: 'd', parameters: z.object({}), timeoutMs, execute: () => 1 }),
      ) as ToolConfigError;
      expect(error).toBeInstanceOf(ToolConfigError);
      expect(error).toMatchObject({
        code: 'invalid_tool_option',
        toolName: 'slow',
        field: 'timeoutMs',
        value: timeoutMs,
      });
      expect(error.message).toContain('above 0 and at most 2147483647');
    },
  );

  it('keeps a valid timeoutMs and needsApproval (boolean or a typed check)', async () => {
    const always = tool({
      name: 'a',
      description: 'd',
      parameters: z.object({}),
      timeoutMs: 250,
      needsApproval: true,
      execute: () => 1,
    });
    expect(always).toMatchObject({ timeoutMs: 250, needsApproval: true });

    const refund = tool({
      name: 'refund',
      description: 'Refund an amount',
      parameters: z.object({ amount: z.number() }),
      needsApproval: ({ amount }) => amount > 100,
      execute: ({ amount }) => `refunded ${amount}`,
    });
    const check = refund.needsApproval;
    if (typeof check !== 'function') throw new Error('expected a function');
    expect(await check({ amount: 500 }, contextFor(undefined))).toBe(true);
    expect(await check({ amount: 5 }, contextFor(undefined))).toBe(false);
  });

  it('rejects a needsApproval, execute or description of the wrong type', () => {
    const base = { name: 't', description: 'd', parameters: z.object({}), execute: () => 1 };
    expect(catchError(() => tool({ ...base, needsApproval: 'yes' as unknown as boolean }))).toMatchObject({
      field: 'needsApproval',
    });
    expect(catchError(() => tool({ ...base, execute: 'run' as unknown as () => number }))).toMatchObject({
      field: 'execute',
    });
    expect(catchError(() => tool({ ...base, description: 3 as unknown as string }))).toMatchObject({
      field: 'description',
    });
  });

  it('rejects parameters that are not a zod object', () => {
    const error = catchError(() =>
      tool({
        name: 't',
        description: 'd',
        parameters: z.string() as unknown as z.ZodObject,
        execute: () => 1,
      }),
    );
    expect(error).toBeInstanceOf(ToolConfigError);
    expect(error).toMatchObject({ field: 'parameters', toolName: 't' });
    expect((error as Error).message).toContain('zod object schema');
  });

  it('rejects, at definition time, parameters JSON Schema cannot express', () => {
    const error = catchError(() =>
      tool({ name: 'book', description: 'd', parameters: z.object({ at: z.date() }), execute: () => 1 }),
    ) as ToolConfigError;
    expect(error).toBeInstanceOf(ToolConfigError);
    expect(error.field).toBe('parameters');
    expect(error.message).toMatch(/Date cannot be represented in JSON Schema/);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('toSessionTool()', () => {
  it('gives the session tool definition with JSON Schema parameters', () => {
    const weather = tool({
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: z.object({ city: z.string().describe('City name') }),
      execute: () => 'sunny',
    });
    expect(toSessionTool(weather)).toEqual({
      type: 'function',
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string', description: 'City name' } },
        required: ['city'],
        additionalProperties: false,
      },
    });
  });
});
