import { type BudgetEvent, SessionOptionError } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { phoneSwarm, SECRET, startPhoneApp, until } from './helpers.js';

/*
 * A per-call budget on a phone call (issue 16, point 8): the route gives each call its budget; at
 * the limit the agent says goodbye on the line and the call is hung up with calls.hangup.
 */

let app: Awaited<ReturnType<typeof startPhoneApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('a budget on a SIP call, end to end on loopback', () => {
  it('the minutes run out on a silent call: warning note, goodbye on the line, calls.hangup', async () => {
    const steps: BudgetEvent[] = [];
    // 1.8 s of call; warned at 0.9 s.
    app = await startPhoneApp(() => ({ swarm: phoneSwarm(), budget: { maxMinutes: 0.03, warnAt: 0.5 } }));
    const call = await app.realtime.placeCall({ webhookUrl: app.webhookUrl, secret: SECRET });
    await call.answered;
    await until(() => app?.calls.sessions.get(call.callId) !== undefined);
    const session = app.calls.sessions.get(call.callId);
    session?.budget$.subscribe((event) => steps.push(event));
    const record = await call.ended;
    expect(steps.map((event) => event.type)).toEqual([
      'budget_warning',
      'budget_exceeded',
      'budget_call_ended',
    ]);
    expect(steps[1]).toMatchObject({ limit: 'minutes', step: 'hangup' });
    // The goodbye was spoken on the line (this brain's fallback line), then the app hung up.
    expect(record.agentSaid.map((said) => said.transcript)).toEqual(['Sorry, could you say that again?']);
    expect(record).toMatchObject({ status: 'ended', endedBy: 'app' });
    expect(session?.history.items.some((item) => item.type === 'message' && item.role === 'system')).toBe(
      true,
    );
    expect(app.errors).toEqual([]);
  });

  it('a route whose budget is refused rejects the call with 500 and reports why', async () => {
    app = await startPhoneApp(() => ({ swarm: phoneSwarm(), budget: { maxMinutes: -1 } }));
    const call = await app.realtime.placeCall({ webhookUrl: app.webhookUrl, secret: SECRET });
    const record = await call.ended;
    expect(record).toMatchObject({ status: 'rejected', rejectedWith: 500 });
    expect(app.sipErrors).toMatchObject([{ operation: 'route', cause: expect.any(SessionOptionError) }]);
    await until(() => app?.calls.sessions.size === 0);
  });
});
