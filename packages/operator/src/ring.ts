/** A fixed-size buffer that keeps the newest `capacity` items. */
export interface Ring<A> {
  push(item: A): void;
  /** The items, oldest first. */
  toArray(): A[];
  readonly size: number;
}

/** Creates a {@link Ring} that holds at most `capacity` (>= 1) items. */
export function createRing<A>(capacity: number): Ring<A> {
  const cap = Math.max(1, Math.floor(capacity));
  const items: (A | undefined)[] = new Array<A | undefined>(cap);
  let start = 0;
  let size = 0;
  return {
    push(item) {
      if (size < cap) {
        items[(start + size) % cap] = item;
        size += 1;
      } else {
        items[start] = item;
        start = (start + 1) % cap;
      }
    },
    toArray() {
      const out: A[] = [];
      for (let i = 0; i < size; i += 1) out.push(items[(start + i) % cap] as A);
      return out;
    },
    get size() {
      return size;
    },
  };
}
