/**
 * Keys waiting for a time, earliest first: the work queue's `addAfter` store. A binary heap
 * so that thousands of apps each waiting for their resync cost O(log n) per add, and a
 * map that holds each key's one current due time (a key waits at most once).
 */

interface Entry {
  readonly key: string;
  readonly dueAt: number;
  /** Insertion order: keys due at the same time leave in the order they were added. */
  readonly seq: number;
}

function isBefore(a: Entry, b: Entry): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

export interface DelayHeap {
  /** Makes `key` due at `dueAt`, unless it is already due no later than that. */
  schedule(key: string, dueAt: number): void;
  /** Removes and returns, in due order, every key due at or before `now`. */
  takeDue(now: number): string[];
  /** The earliest due time, or undefined when nothing waits. */
  nextDueAt(): number | undefined;
  /** Forgets every waiting key. */
  clear(): void;
  readonly size: number;
}

export function createDelayHeap(): DelayHeap {
  // Stale entries (superseded by an earlier due time) stay in the heap and are skipped.
  const heap: Entry[] = [];
  const current = new Map<string, Entry>();
  let seq = 0;

  const swap = (i: number, j: number): void => {
    const a = heap[i] as Entry;
    heap[i] = heap[j] as Entry;
    heap[j] = a;
  };
  const siftUp = (start: number): void => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!isBefore(heap[i] as Entry, heap[parent] as Entry)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && isBefore(heap[left] as Entry, heap[smallest] as Entry)) {
        smallest = left;
      }
      if (right < heap.length && isBefore(heap[right] as Entry, heap[smallest] as Entry)) {
        smallest = right;
      }
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  };
  const popTop = (): Entry | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      siftDown(0);
    }
    return top;
  };
  const dropStale = (): void => {
    while (heap.length > 0 && current.get((heap[0] as Entry).key) !== heap[0]) popTop();
  };

  return {
    schedule(key, dueAt) {
      const existing = current.get(key);
      if (existing !== undefined && existing.dueAt <= dueAt) return;
      const entry: Entry = { key, dueAt, seq: seq++ };
      current.set(key, entry);
      heap.push(entry);
      siftUp(heap.length - 1);
    },
    takeDue(now) {
      const due: string[] = [];
      dropStale();
      while (heap.length > 0 && (heap[0] as Entry).dueAt <= now) {
        const entry = popTop() as Entry;
        current.delete(entry.key);
        due.push(entry.key);
        dropStale();
      }
      return due;
    },
    nextDueAt() {
      dropStale();
      return heap[0]?.dueAt;
    },
    clear() {
      heap.length = 0;
      current.clear();
    },
    get size() {
      return current.size;
    },
  };
}
