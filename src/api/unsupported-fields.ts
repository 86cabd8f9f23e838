/**
 * Fields outside DESIGN.md §2. The CRD keeps them (x-kubernetes-preserve-unknown-fields) so
 * that they arrive here and become an InvalidSpecError condition: an Argo CD feature that
 * Capstan silently ignored would deploy something other than what the user asked for.
 */
import { InvalidSpecError } from '../model/index.js';
import { isPlainObject } from './shape.js';

/** A clearer message for the Argo CD fields people are most likely to bring along. */
const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  'spec.sources': 'multiple sources are not supported by Capstan yet; use spec.source',
  'spec.sourceHydrator': 'source hydration is not supported by Capstan yet',
  'spec.info': 'is not supported by Capstan yet (Argo CD UI information)',
  'spec.source.helm': 'Helm sources are not supported by Capstan yet',
  'spec.source.chart': 'Helm chart sources are not supported by Capstan yet',
  'spec.source.plugin': 'config management plugins are not supported by Capstan yet',
  'spec.source.ref': 'source references (multi-source) are not supported by Capstan yet',
  'spec.source.name': 'named sources (multi-source) are not supported by Capstan yet',
  'spec.source.directory.jsonnet': 'Jsonnet is not supported by Capstan yet',
  'spec.source.kustomize.patches': 'inline Kustomize patches are not supported by Capstan yet',
  'spec.source.kustomize.components':
    'inline Kustomize components are not supported by Capstan yet',
  'spec.source.kustomize.version':
    'Capstan has one built-in Kustomize engine; version is not supported',
  'spec.syncPolicy.managedNamespaceMetadata':
    'managedNamespaceMetadata is not supported by Capstan yet',
  'spec.syncPolicy.automated.enabled': 'automated.enabled is not supported by Capstan yet',
  'spec.syncWindows': 'sync windows are not supported by Capstan yet',
  'spec.orphanedResources': 'orphaned resource monitoring is not supported by Capstan yet',
  'spec.signatureKeys': 'commit signature verification is not supported by Capstan yet',
  'spec.sourceNamespaces': 'sourceNamespaces is not supported by Capstan yet',
  'spec.destinationServiceAccounts':
    'destination service accounts are not supported by Capstan yet',
};

/** Fields whose mere presence changes Argo CD's behaviour, even with an empty value. */
const PRESENCE_MATTERS: ReadonlySet<string> = new Set([
  'spec.sourceHydrator',
  'spec.source.helm',
  'spec.source.plugin',
]);

/**
 * AppProject fields of Argo CD that change nothing Capstan does, so an Argo CD project carrying
 * them is accepted and the field dropped. `roles` only grant Argo CD's own API and UI users
 * (JWT tokens, SSO groups) rights; Capstan has no such API — who may create or sync an
 * Application is decided by Kubernetes RBAC on the Application itself.
 */
export const APP_PROJECT_INERT_FIELDS: ReadonlySet<string> = new Set(['spec.roles']);

/** null, '', [] and objects holding only such values: what Argo CD treats as unset. */
function isUnsetValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.values(value).every(isUnsetValue);
  return false;
}

function stripListIndexes(path: string): string {
  return path.replace(/\[\d+\]/gu, '');
}

/**
 * The `onUnknownField` of a shape walk over user-written fields. An unknown field holding a
 * value that Argo CD would treat as unset (e.g. the `directory.jsonnet: {}` that Argo CD's own
 * exports carry) changes nothing and is let through, as are `inertFields` whatever they hold.
 */
export function reportUnsupportedField(
  errors: InvalidSpecError[],
  inertFields: ReadonlySet<string> = new Set(),
): (path: string, value: unknown) => void {
  return (path, value) => {
    const generic = stripListIndexes(path);
    if (inertFields.has(generic)) return;
    if (!PRESENCE_MATTERS.has(generic) && isUnsetValue(value)) return;
    const hint = UNSUPPORTED_HINTS[generic] ?? 'is not supported by Capstan yet';
    errors.push(new InvalidSpecError(path, hint));
  };
}
