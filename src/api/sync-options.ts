/**
 * Application-level sync options (`spec.syncPolicy.syncOptions`, `operation.sync.syncOptions`):
 * `Key=Value` strings on the wire, a typed record inside Capstan.
 */

/** Every option key Capstan knows, with the values it accepts (Argo CD's spelling). */
export const syncOptionsKnown = {
  CreateNamespace: ['true', 'false'],
  PruneLast: ['true', 'false'],
  ApplyOutOfSyncOnly: ['true', 'false'],
  ServerSideApply: ['true', 'false'],
  Validate: ['true', 'false'],
  PrunePropagationPolicy: ['foreground', 'background', 'orphan'],
  Replace: ['true', 'false'],
  FailOnSharedResource: ['true', 'false'],
  RespectIgnoreDifferences: ['true', 'false'],
  SkipDryRunOnMissingResource: ['true', 'false'],
} as const;

export type SyncOptionKey = keyof typeof syncOptionsKnown;
export type PrunePropagationPolicy = (typeof syncOptionsKnown.PrunePropagationPolicy)[number];

export interface SyncOptionValues {
  readonly createNamespace: boolean;
  readonly pruneLast: boolean;
  readonly applyOutOfSyncOnly: boolean;
  /** Always true in effect: `ServerSideApply=false` is rejected by validation. */
  readonly serverSideApply: boolean;
  readonly validate: boolean;
  readonly prunePropagationPolicy: PrunePropagationPolicy;
  readonly replace: boolean;
  readonly failOnSharedResource: boolean;
  readonly respectIgnoreDifferences: boolean;
  readonly skipDryRunOnMissingResource: boolean;
}

/** What an Application without sync options gets (Argo CD's defaults, SSA always on). */
export const DEFAULT_SYNC_OPTION_VALUES: SyncOptionValues = {
  createNamespace: false,
  pruneLast: false,
  applyOutOfSyncOnly: false,
  serverSideApply: true,
  validate: true,
  prunePropagationPolicy: 'foreground',
  replace: false,
  failOnSharedResource: false,
  respectIgnoreDifferences: false,
  skipDryRunOnMissingResource: false,
};

export type SyncOptionReading =
  | { readonly ok: true; readonly key: SyncOptionKey; readonly value: string }
  | { readonly ok: false; readonly problem: string };

function isSyncOptionKey(key: string): key is SyncOptionKey {
  return Object.hasOwn(syncOptionsKnown, key);
}

/** Splits one `Key=Value` entry and checks key and value against `syncOptionsKnown`. */
export function readSyncOption(entry: string): SyncOptionReading {
  const equals = entry.indexOf('=');
  if (equals <= 0) return { ok: false, problem: `"${entry}" is not of the form Key=Value` };
  const key = entry.slice(0, equals);
  const value = entry.slice(equals + 1);
  if (!isSyncOptionKey(key)) {
    const known = Object.keys(syncOptionsKnown).join(', ');
    return { ok: false, problem: `unknown sync option "${key}" (known: ${known})` };
  }
  const allowed: readonly string[] = syncOptionsKnown[key];
  if (!allowed.includes(value)) {
    const choice = allowed.length === 2 ? allowed.join(' or ') : `one of ${allowed.join(', ')}`;
    return { ok: false, problem: `${key} must be ${choice}, not "${value}"` };
  }
  return { ok: true, key, value };
}

function applySyncOption(
  values: SyncOptionValues,
  key: SyncOptionKey,
  value: string,
): SyncOptionValues {
  if (key === 'PrunePropagationPolicy') {
    return { ...values, prunePropagationPolicy: value as PrunePropagationPolicy };
  }
  const field = `${key.charAt(0).toLowerCase()}${key.slice(1)}` as Exclude<
    keyof SyncOptionValues,
    'prunePropagationPolicy'
  >;
  return { ...values, [field]: value === 'true' };
}

/**
 * The typed record for a list of options, on top of `base` (the defaults, or the app's own
 * options when reading an operation's). Entries that `readSyncOption` refuses are skipped:
 * validation reports them, this only interprets.
 */
export function parseSyncOptions(
  list: readonly string[] | undefined,
  base: SyncOptionValues = DEFAULT_SYNC_OPTION_VALUES,
): SyncOptionValues {
  let values = base;
  for (const entry of list ?? []) {
    const reading = readSyncOption(entry);
    if (reading.ok) values = applySyncOption(values, reading.key, reading.value);
  }
  return values;
}
