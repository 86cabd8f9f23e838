/** The comparison as the status builder sees it: what the read path found, per resource. */
import type {
  Application,
  ApplicationConditionType,
  ComparedTo,
  SyncStatusCode,
} from '../api/index.js';
import type { HealthResult } from '../health/index.js';
import type { KubeObject, ResourceKey } from '../model/index.js';

/** One desired and/or live object after comparison. */
export interface ComparedResource {
  readonly key: ResourceKey;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly desired?: KubeObject;
  readonly live?: KubeObject;
  /** Synced | OutOfSync (drift or missing) | Unknown (not settled). */
  readonly sync: SyncStatusCode;
  /** From assessHealth(live); undefined for kinds without health. */
  readonly health?: HealthResult;
  /** Live, carries this app's tracking-id, no longer desired. */
  readonly requiresPruning: boolean;
  readonly hook: boolean;
  readonly syncWave: number;
  /** The compare-option IgnoreExtraneous: being extraneous does not make the app OutOfSync. */
  readonly ignoreExtraneous: boolean;
}

/** A condition to set, before it gets its lastTransitionTime. */
export interface ConditionInput {
  readonly type: ApplicationConditionType;
  readonly reason: string;
  readonly message: string;
}

export type ComparisonOutcome =
  | {
      readonly kind: 'compared';
      readonly revision: string;
      readonly comparedTo: ComparedTo;
      readonly resources: readonly ComparedResource[];
      readonly warnings: readonly ConditionInput[];
    }
  | { readonly kind: 'failed'; readonly revision?: string; readonly failure: ConditionInput };

export interface StatusInput {
  /** Carries the previous status, which the next one starts from. */
  readonly app: Application;
  readonly outcome: ComparisonOutcome;
  /** Epoch milliseconds, from the caller's Clock. */
  readonly now: number;
}

/** A Kubernetes Event the controller records on the Application. */
export interface StatusEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}
