import { TransportConfigError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import {
  browserSubprotocols,
  handshakeHeaders,
  realtimeUrl,
  resolveEndpoint,
  toWebSocketUrl,
  type UrlOptions,
} from '../src/endpoint.js';
import { MissingApiKeyError } from '../src/errors.js';

const azure = {
  endpoint: 'https://my-res.openai.azure.com',
  deployment: 'rt-dep',
  apiVersion: '2025-04-01-preview',
};

describe('realtimeUrl', () => {
  const cases: Array<[string, UrlOptions, string]> = [
    ['GA default', { dialect: 'ga' }, 'wss://api.openai.com/v1/realtime?model=gpt-realtime'],
    ['beta default', { dialect: 'beta' }, 'wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview'],
    [
      'explicit model',
      { dialect: 'ga', model: 'gpt-realtime-mini' },
      'wss://api.openai.com/v1/realtime?model=gpt-realtime-mini',
    ],
    [
      'sideband call_id',
      { dialect: 'ga', callId: 'rtc_abc' },
      'wss://api.openai.com/v1/realtime?call_id=rtc_abc',
    ],
    [
      'https base URL',
      { dialect: 'ga', baseURL: 'https://proxy.example/v1/' },
      'wss://proxy.example/v1/realtime?model=gpt-realtime',
    ],
    [
      'http base URL',
      { dialect: 'ga', baseURL: 'http://127.0.0.1:8080/v1' },
      'ws://127.0.0.1:8080/v1/realtime?model=gpt-realtime',
    ],
    [
      'url as given',
      { dialect: 'ga', url: 'ws://127.0.0.1:9/v1/realtime' },
      'ws://127.0.0.1:9/v1/realtime?model=gpt-realtime',
    ],
    [
      'url http → ws',
      { dialect: 'beta', url: 'http://localhost:9/rt' },
      'ws://localhost:9/rt?model=gpt-4o-realtime-preview',
    ],
    [
      'url keeps its model',
      { dialect: 'ga', url: 'wss://h.example/rt?model=m1' },
      'wss://h.example/rt?model=m1',
    ],
    [
      'option beats url model',
      { dialect: 'ga', url: 'wss://h.example/rt?model=m1', model: 'm2' },
      'wss://h.example/rt?model=m2',
    ],
    [
      'url with call_id',
      { dialect: 'ga', url: 'wss://h.example/rt?model=m1', callId: 'c1' },
      'wss://h.example/rt?call_id=c1',
    ],
    [
      'Azure',
      { dialect: 'beta', azure },
      'wss://my-res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=rt-dep',
    ],
    [
      'Azure endpoint with /openai/',
      { dialect: 'ga', azure: { ...azure, endpoint: 'https://my-res.openai.azure.com/openai/' } },
      'wss://my-res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=rt-dep',
    ],
    [
      'Azure sideband',
      { dialect: 'ga', azure, callId: 'rtc_9' },
      'wss://my-res.openai.azure.com/openai/v1/realtime?call_id=rtc_9',
    ],
  ];
  it.each(cases)('%s', (_name, options, expected) => {
    expect(realtimeUrl(options)).toBe(expected);
  });

  it('rejects contradictory or invalid options with the field at fault', () => {
    const fieldOf = (options: UrlOptions): string | undefined => {
      try {
        realtimeUrl(options);
        return undefined;
      } catch (error) {
        if (!(error instanceof TransportConfigError)) return 'other error';
        expect(error).toMatchObject({ code: 'invalid_transport_option', transport: 'websocket' });
        expect(error.message).toMatch(/^Invalid option "[\w.]+" of the websocket transport: .+\.$/);
        return error.field;
      }
    };
    expect(fieldOf({ dialect: 'ga', url: 'ws://a/rt', azure })).toBe('url');
    expect(fieldOf({ dialect: 'ga', url: 'ws://a/rt', baseURL: 'http://b/v1' })).toBe('url');
    expect(fieldOf({ dialect: 'ga', baseURL: 'http://b/v1', azure })).toBe('baseURL');
    expect(fieldOf({ dialect: 'ga', url: 'not a url' })).toBe('url');
    expect(fieldOf({ dialect: 'ga', url: 'ftp://a/rt' })).toBe('url');
    expect(fieldOf({ dialect: 'ga', azure: { ...azure, apiVersion: '' } })).toBe('azure.apiVersion');
  });

  it('maps schemes and keeps ws(s) URLs', () => {
    expect(toWebSocketUrl('https://a.example/x').protocol).toBe('wss:');
    expect(toWebSocketUrl('http://a.example/x').protocol).toBe('ws:');
    expect(toWebSocketUrl('wss://a.example/x').protocol).toBe('wss:');
  });
});

describe('handshakeHeaders', () => {
  it.each([
    ['GA', { dialect: 'ga', apiKey: 'sk-1' }, { Authorization: 'Bearer sk-1' }],
    [
      'beta',
      { dialect: 'beta', apiKey: 'sk-1' },
      { Authorization: 'Bearer sk-1', 'OpenAI-Beta': 'realtime=v1' },
    ],
    ['Azure', { dialect: 'ga', apiKey: 'az-1', azure: true }, { 'api-key': 'az-1' }],
    [
      'Azure beta',
      { dialect: 'beta', apiKey: 'az-1', azure: true },
      { 'api-key': 'az-1', 'OpenAI-Beta': 'realtime=v1' },
    ],
    ['no key (local server)', { dialect: 'ga' }, {}],
    [
      'extra headers win',
      { dialect: 'ga', apiKey: 'sk-1', extra: { Authorization: 'Bearer proxy', 'X-Trace': 't' } },
      { Authorization: 'Bearer proxy', 'X-Trace': 't' },
    ],
  ] as const)('%s', (_name, input, expected) => {
    expect(handshakeHeaders(input)).toEqual(expected);
  });
});

describe('browserSubprotocols', () => {
  it.each([
    ['GA', { dialect: 'ga', apiKey: 'ek_1' }, ['realtime', 'openai-insecure-api-key.ek_1']],
    [
      'beta',
      { dialect: 'beta', apiKey: 'ek_1' },
      ['realtime', 'openai-insecure-api-key.ek_1', 'openai-beta.realtime-v1'],
    ],
    ['Azure (key goes in the query)', { dialect: 'ga', apiKey: 'az', azure: true }, ['realtime']],
    ['no key', { dialect: 'ga' }, ['realtime']],
  ] as const)('%s', (_name, input, expected) => {
    expect(browserSubprotocols(input)).toEqual(expected);
  });
});

describe('resolveEndpoint', () => {
  const env =
    (vars: Record<string, string>) =>
    (name: string): string | undefined =>
      vars[name];

  it('takes key and base URL from the environment', () => {
    const endpoint = resolveEndpoint(
      { dialect: 'ga' },
      'headers',
      env({ OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: 'http://127.0.0.1:7/v1' }),
    );
    expect(endpoint).toEqual({
      url: 'ws://127.0.0.1:7/v1/realtime?model=gpt-realtime',
      headers: { Authorization: 'Bearer sk-env' },
      protocols: [],
    });
  });

  it('returns a MissingApiKeyError naming the variable instead of throwing', () => {
    const openai = resolveEndpoint({ dialect: 'ga' }, 'headers', env({}));
    expect(openai).toBeInstanceOf(MissingApiKeyError);
    expect((openai as MissingApiKeyError).variable).toBe('OPENAI_API_KEY');
    expect((openai as MissingApiKeyError).message).toContain('set OPENAI_API_KEY');
    const onAzure = resolveEndpoint(
      { dialect: 'ga', azure },
      'headers',
      env({ OPENAI_API_KEY: 'sk-not-for-azure' }),
    );
    expect((onAzure as MissingApiKeyError).variable).toBe('AZURE_OPENAI_API_KEY');
  });

  it('never sends the environment key to an explicit url', () => {
    const endpoint = resolveEndpoint(
      { dialect: 'ga', url: 'ws://127.0.0.1:9/v1/realtime' },
      'headers',
      env({ OPENAI_API_KEY: 'sk-env' }),
    );
    expect(endpoint).toMatchObject({ headers: {} });
  });

  it('puts the key in subprotocols for browsers, and Azure keys in the query', () => {
    expect(resolveEndpoint({ dialect: 'beta', apiKey: 'ek_1' }, 'subprotocol', env({}))).toEqual({
      url: 'wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview',
      headers: {},
      protocols: ['realtime', 'openai-insecure-api-key.ek_1', 'openai-beta.realtime-v1'],
    });
    expect(resolveEndpoint({ dialect: 'ga', apiKey: 'az', azure }, 'subprotocol', env({}))).toEqual({
      url: 'wss://my-res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=rt-dep&api-key=az',
      headers: {},
      protocols: ['realtime'],
    });
  });

  it('refuses handshake headers in a browser', () => {
    expect(() =>
      resolveEndpoint({ dialect: 'ga', apiKey: 'k', headers: { 'X-A': '1' } }, 'subprotocol', env({})),
    ).toThrow(TransportConfigError);
  });
});
