import v8 from 'node:v8';

/** Bytes and count of one kind of heap object (a constructor, `(closure)`, `(string)`, …). */
export interface CensusEntry {
  readonly name: string;
  readonly count: number;
  readonly bytes: number;
}

interface SnapshotMeta {
  readonly node_fields: string[];
  readonly node_types: [string[], ...unknown[]];
}

interface Snapshot {
  readonly snapshot: { readonly meta: SnapshotMeta };
  readonly nodes: number[];
  readonly strings: string[];
}

/**
 * Every live object of the heap, summed by kind: objects by constructor name, closures by function
 * name (`closure foo`), and the engine's own kinds (`(array)`, `(string)`, `(code)`, …) by type.
 * Self sizes only (what each object takes itself, not what it keeps alive).
 */
export function heapCensus(): Map<string, CensusEntry> {
  const snapshot = readSnapshot();
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const census = new Map<string, { name: string; count: number; bytes: number }>();
  const { nodes, strings } = snapshot;
  for (let at = 0; at < nodes.length; at += width) {
    const type = types[nodes[at + typeAt] as number] as string;
    const name = strings[nodes[at + nameAt] as number] as string;
    const key =
      type === 'object'
        ? name
        : type === 'closure'
          ? `closure ${name || '(anonymous)'}`
          : `(${type}) ${type === 'array' || type === 'hidden' ? name : ''}`.trim();
    const entry = census.get(key) ?? { name: key, count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += nodes[at + sizeAt] as number;
    census.set(key, entry);
  }
  return census;
}

/** What `after` holds beyond `before`, per kind, largest first. */
export function censusGrowth(
  before: Map<string, CensusEntry>,
  after: Map<string, CensusEntry>,
): CensusEntry[] {
  const growth: CensusEntry[] = [];
  for (const [key, entry] of after) {
    const base = before.get(key);
    growth.push({
      name: key,
      count: entry.count - (base?.count ?? 0),
      bytes: entry.bytes - (base?.bytes ?? 0),
    });
  }
  return growth.sort((a, b) => b.bytes - a.bytes);
}

function readSnapshot(): Snapshot {
  const chunks: string[] = [];
  const stream = v8.getHeapSnapshot();
  for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) chunks.push(String(chunk));
  return JSON.parse(chunks.join('')) as Snapshot;
}
