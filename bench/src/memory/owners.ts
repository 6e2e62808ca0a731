import v8 from 'node:v8';

/** For array nodes named `arrayName`, the kinds of the objects that own them (by the owner's name), with bytes. */
export function arrayOwners(targetType: string, arrayName: string): Array<[string, number, number]> {
  const chunks: string[] = [];
  const stream = v8.getHeapSnapshot();
  for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) chunks.push(String(chunk));
  const snap = JSON.parse(chunks.join(''));
  const meta = snap.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const types = meta.node_types[0];
  const { nodes, edges, strings } = snap;
  const typeAt = meta.node_fields.indexOf('type');
  const nameAt = meta.node_fields.indexOf('name');
  const sizeAt = meta.node_fields.indexOf('self_size');
  const edgeCountAt = meta.node_fields.indexOf('edge_count');
  const toAt = meta.edge_fields.indexOf('to_node');
  const enameAt = meta.edge_fields.indexOf('name_or_index');
  const etypeAt = meta.edge_fields.indexOf('type');
  const etypes = meta.edge_types[0];
  const owners = new Map<string, [number, number]>();
  let edge = 0;
  for (let at = 0; at < nodes.length; at += nf) {
    const count = nodes[at + edgeCountAt];
    for (let e = 0; e < count; e++, edge += ef) {
      const to = edges[edge + toAt];
      if (types[nodes[to + typeAt]] !== targetType || strings[nodes[to + nameAt]] !== arrayName) continue;
      const ownerType = types[nodes[at + typeAt]];
      const et = etypes[edges[edge + etypeAt]];
      const en = et === 'element' || et === 'hidden' ? '[]' : strings[edges[edge + enameAt]];
      const key = `${ownerType} ${strings[nodes[at + nameAt]]}`.slice(0, 60) + ` .${en}`;
      const entry = owners.get(key) ?? [0, 0];
      entry[0] += 1;
      entry[1] += nodes[to + sizeAt];
      owners.set(key, entry);
    }
  }
  return [...owners].map(([k, [c, b]]) => [k, c, b] as [string, number, number]).sort((a, b) => b[2] - a[2]);
}
