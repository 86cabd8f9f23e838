/**
 * Hook tasks: one per phase the hook annotation names. A hook with only `generateName` gets
 * a name derived from the revision and the phase (plus the operation's start time when
 * given), as Argo CD does: deterministic, so a sync that resumes after a crash finds the
 * hook it already created instead of starting a second one.
 */
import type { HookType } from '../../api/index.js';
import {
  formatResourceKey,
  type KubeObject,
  type ResourceIdentity,
  type ResourceKey,
} from '../../model/index.js';
import { stampTracking, type DesiredObject } from './desired.js';
import type { HookDeletePolicy, SyncPlanInput, SyncTask, TaskReason } from './types.js';

export interface HookSettings {
  readonly wave: number;
  readonly deletePolicies: readonly HookDeletePolicy[];
  readonly replace: boolean;
  readonly validate: boolean;
  readonly skipDryRunOnMissingResource: boolean;
}

interface NamedHook {
  readonly key: ResourceKey;
  readonly object: KubeObject;
}

/** `<generateName><first 7 of revision>-<phase>[-<startedAt>]`, lower case. */
export function formatHookName(
  generateName: string,
  phase: HookType,
  revision: string,
  startedAt?: number,
): string {
  const parts = [revision.slice(0, 7), phase];
  if (startedAt !== undefined) parts.push(String(startedAt));
  return `${generateName}${parts.filter((part) => part !== '').join('-')}`.toLowerCase();
}

function nameHook(entry: DesiredObject, phase: HookType, input: SyncPlanInput): NamedHook {
  const metadata = (entry.object['metadata'] ?? {}) as Record<string, unknown>;
  const generateName = metadata['generateName'];
  if (entry.identity.name !== '' || typeof generateName !== 'string' || generateName === '') {
    return { key: entry.key, object: entry.object };
  }
  const name = formatHookName(generateName, phase, input.revision, input.operationStartedAt);
  const identity: ResourceIdentity = { ...entry.identity, name };
  const named = { ...entry.object, metadata: { ...metadata, name } };
  // The tracking-id must name the object as created, or the hook would look foreign later.
  return { key: formatResourceKey(identity), object: stampTracking(named, input.app, identity) };
}

export function makeHookTasks(
  entry: DesiredObject,
  phases: readonly HookType[],
  settings: HookSettings,
  input: SyncPlanInput,
): SyncTask[] {
  return phases.map((phase) => {
    const { key, object } = nameHook(entry, phase, input);
    const reason: TaskReason = 'hook';
    return {
      key,
      action: 'hook',
      phase,
      wave: settings.wave,
      object,
      reason,
      exists: input.live.has(key),
      hookType: phase,
      deletePolicies: settings.deletePolicies,
      replace: settings.replace,
      validate: settings.validate,
      skipDryRunOnMissingResource: settings.skipDryRunOnMissingResource,
    };
  });
}
