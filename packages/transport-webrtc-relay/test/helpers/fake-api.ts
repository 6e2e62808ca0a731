/** One request the fake realtime API saw. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
  readonly body: unknown;
  readonly form: Record<string, string> | undefined;
}

/**
 * A fake of the realtime API's HTTP side, as a `fetch`: client secrets (GA and beta), call creation
 * (multipart) and hang-up. `status` makes every request answer with that status instead.
 */
export function fakeRealtimeApi(options: { status?: number; callId?: string } = {}) {
  const requests: SeenRequest[] = [];
  let secrets = 0;
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = new Headers(init?.headers);
    let body: unknown;
    let form: Record<string, string> | undefined;
    if (init?.body instanceof FormData) {
      form = {};
      for (const [key, value] of init.body.entries()) form[key] = String(value);
    } else if (typeof init?.body === 'string') body = JSON.parse(init.body);
    requests.push({
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      authorization: headers.get('authorization'),
      body,
      form,
    });
    if (options.status) {
      return new Response(JSON.stringify({ error: { message: 'refused by the fake' } }), {
        status: options.status,
      });
    }
    if (url.pathname.endsWith('/realtime/client_secrets')) {
      secrets += 1;
      return Response.json({ value: `ek_fake_${secrets}`, expires_at: 2_000_000_000, session: {} });
    }
    if (url.pathname.endsWith('/realtime/sessions')) {
      secrets += 1;
      return Response.json({ client_secret: { value: `ek_beta_${secrets}`, expires_at: 2_000_000_000 } });
    }
    if (url.pathname.endsWith('/hangup')) return new Response(null, { status: 200 });
    if (url.pathname.endsWith('/realtime/calls')) {
      return new Response('v=0 fake-answer', {
        status: 201,
        headers: {
          'content-type': 'application/sdp',
          location: `/v1/realtime/calls/${options.callId ?? 'rtc_fake'}`,
        },
      });
    }
    return new Response('not found', { status: 404 });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}
