/** Time as pure modules see it: injected, so tests and the controller agree on "now". */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** RFC 3339 with second precision, as Kubernetes writes `metav1.Time`. */
export function formatKubeTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}
