// The browser side of the same app: the WebRTC call module and the browser WebSocket transport.
import { connectRealtimeCall, type RealtimeCall } from '@switchboard/transport-webrtc-relay/browser';
import '@switchboard/transport-websocket/browser';

export async function startCall(url: string, token: string): Promise<RealtimeCall> {
  const call = await connectRealtimeCall({ url, token });
  call.on('event', (event) => console.log(event.type));
  return call;
}
