/** A heap snapshot (V8's .heapsnapshot JSON) summed per kind of node: how many, and their own bytes. */
export type HeapSummary = Map<string, { count: number; bytes: number }>;

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * Groups the snapshot's nodes by type and name: objects by their constructor ("object Socket"), closures by
 * function name, native backing stores ("native system / JSArrayBufferData"), strings and code by type only (their
 * names are their contents). Self sizes only: what each node itself takes, which sums to the heap's total.
 */
export function summarizeHeapSnapshot(text: string): HeapSummary {
  const json = JSON.parse(text) as SnapshotJson;
  const fields = json.snapshot.meta.node_fields;
  const types = json.snapshot.meta.node_types[0];
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const out: HeapSummary = new Map();
  for (let i = 0; i < json.nodes.length; i += stride) {
    const type = types[json.nodes[i + typeAt]!] ?? '?';
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'synthetic';
    const key = named ? `${type} ${json.strings[json.nodes[i + nameAt]!]}` : type;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += json.nodes[i + sizeAt]!;
    out.set(key, entry);
  }
  return out;
}

/** after − before per kind, largest growth first. */
export function diffHeapSummaries(before: HeapSummary, after: HeapSummary): Array<{ key: string; count: number; bytes: number }> {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const out: Array<{ key: string; count: number; bytes: number }> = [];
  for (const key of keys) {
    const a = before.get(key) ?? { count: 0, bytes: 0 };
    const b = after.get(key) ?? { count: 0, bytes: 0 };
    out.push({ key, count: b.count - a.count, bytes: b.bytes - a.bytes });
  }
  return out.sort((x, y) => y.bytes - x.bytes);
}
