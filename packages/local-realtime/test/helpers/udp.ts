import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * UDP sockets a process (this one by default) holds open, read from `/proc` (Linux): werift unrefs
 * its sockets, so Node's own resource lists do not show them. The reliability suite uses it too.
 */
export function openUdpSockets(pid: number = process.pid): number {
  const udp = new Set<string>();
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const inode = line.trim().split(/\s+/)[9];
      if (inode) udp.add(inode);
    }
  }
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode && udp.has(inode)) count += 1;
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return count;
}
