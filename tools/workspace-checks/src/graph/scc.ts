/**
 * Strongly connected components (Tarjan's algorithm, iterative so deep graphs cannot overflow
 * the stack) and a shortest loop through a component, for readable cycle reports.
 *
 * @module
 */

/** A directed graph as adjacency sets; nodes that only appear as targets are allowed. */
export type Graph = ReadonlyMap<string, ReadonlySet<string>>;

const none: ReadonlySet<string> = new Set();
const successors = (g: Graph, v: string): ReadonlySet<string> => g.get(v) ?? none;

/** Every strongly connected component of `graph` (including single nodes), in Tarjan order. */
export function stronglyConnected(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])]);
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const open = (v: string): void => {
      index.set(v, index.size);
      low.set(v, index.get(v) ?? 0);
      stack.push(v);
      onStack.add(v);
      work.push({ node: v, next: successors(graph, v)[Symbol.iterator]() });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let v: string | undefined;
        do {
          v = stack.pop()!;
          onStack.delete(v);
          component.push(v);
        } while (v !== top.node);
        out.push(component);
      }
    }
  }
  return out;
}

/**
 * The components that contain a cycle: two or more nodes, or one node importing itself.
 * Each is sorted, and the list is sorted by first node, so reports are stable.
 */
export function cyclicComponents(graph: Graph): string[][] {
  return stronglyConnected(graph)
    .filter((c) => c.length > 1 || successors(graph, c[0]!).has(c[0]!))
    .map((c) => [...c].sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * A shortest loop from the component's first node back to itself, staying inside the component;
 * the first node is repeated at the end (`[a, b, a]`).
 */
export function shortestLoop(graph: Graph, component: readonly string[]): string[] {
  const start = component[0]!;
  const inside = new Set(component);
  const parent = new Map<string, string>();
  const queue: string[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of successors(graph, v)) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = parent.get(u)) {
          path.push(u);
        }
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
