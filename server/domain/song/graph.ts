/**
 * Graph helpers over Verse indexes 0..n-1 with adjacency lists (docs/SONG.md, SG37-SG38).
 * Iterative, so a 500-Verse chain cannot overflow the stack.
 */

export type Adjacency = readonly (readonly number[])[];

/** Every node reachable from `from` (including the starting nodes). */
export function reachableFrom(adj: Adjacency, from: readonly number[]): Uint8Array {
  const seen = new Uint8Array(adj.length);
  const stack = [...from];
  for (const s of from) seen[s] = 1;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of adj[v]!) {
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return seen;
}

export function reverse(adj: Adjacency): number[][] {
  const out: number[][] = adj.map(() => []);
  adj.forEach((targets, v) => {
    for (const w of targets) out[w]!.push(v);
  });
  return out;
}

/** Strongly connected components (Tarjan), each a list of node indexes. */
export function components(adj: Adjacency): number[][] {
  const n = adj.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    // Each frame: node and the position of the next edge to look at.
    const frames: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [v, i] = frame;
      const targets = adj[v]!;
      if (i < targets.length) {
        frame[1]++;
        const w = targets[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        out.push(comp);
      }
    }
  }
  return out;
}
