/**
 * Spec validation that ends in an InvalidSpecError condition rather than an admission error:
 * the CRD already refuses malformed objects at the apiserver, this catches what it lets
 * through (unsupported Argo CD fields, SSH URLs, ...) and checks objects that never passed
 * an apiserver (files given to the CLI). Collects every error; never stops at the first.
 */
import { API_GROUP_VERSION, InvalidSpecError, KINDS } from '../model/index.js';
import { checkApplicationSource } from './check-source.js';
import { checkOperation, checkSyncPolicy } from './check-sync.js';
import { type DeepPartial, type FieldShape, isPlainObject, readShape } from './shape.js';
import { APPLICATION_SPEC_SHAPE, APP_PROJECT_SPEC_SHAPE, OPERATION_SHAPE } from './spec-shapes.js';
import type {
  AppProject,
  AppProjectSpec,
  Application,
  ApplicationDestination,
  ApplicationSpec,
  ObjectMeta,
  Operation,
} from './types.js';
import { APP_PROJECT_INERT_FIELDS, reportUnsupportedField } from './unsupported-fields.js';

export type ValidationResult =
  | { readonly ok: true; readonly app: Application }
  | { readonly ok: false; readonly errors: InvalidSpecError[] };

export type AppProjectValidationResult =
  | { readonly ok: true; readonly project: AppProject }
  | { readonly ok: false; readonly errors: InvalidSpecError[] };

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/u;

/** apiVersion and kind, when present, name this resource; metadata.name is set. */
function checkTypeMeta(
  input: Record<string, unknown>,
  kind: string,
  errors: InvalidSpecError[],
): ObjectMeta | undefined {
  if (input['apiVersion'] !== undefined && input['apiVersion'] !== API_GROUP_VERSION) {
    const message = `must be ${API_GROUP_VERSION}, not ${JSON.stringify(input['apiVersion'])}`;
    errors.push(new InvalidSpecError('apiVersion', message));
  }
  if (input['kind'] !== undefined && input['kind'] !== kind) {
    errors.push(
      new InvalidSpecError('kind', `must be ${kind}, not ${JSON.stringify(input['kind'])}`),
    );
  }
  const metadata = input['metadata'];
  if (!isPlainObject(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '') {
    errors.push(new InvalidSpecError('metadata.name', 'is required'));
    return undefined;
  }
  // Metadata belongs to the apiserver, which has validated it; only its name is needed here.
  return metadata as unknown as ObjectMeta;
}

/** Walks `value` at `path` with `shape`, reporting misfits and unsupported fields. */
function readUserFields(
  value: unknown,
  shape: FieldShape,
  path: string,
  errors: InvalidSpecError[],
  inertFields?: ReadonlySet<string>,
): unknown {
  if (value === undefined || value === null) return undefined;
  const onUnknownField = reportUnsupportedField(errors, inertFields);
  return readShape(value, shape, path, { errors, onUnknownField });
}

function checkDestination(
  destination: DeepPartial<ApplicationDestination>,
  errors: InvalidSpecError[],
): void {
  const hasServer = (destination.server ?? '') !== '';
  const hasName = (destination.name ?? '') !== '';
  if (hasServer === hasName) {
    const message = `exactly one of server or name must be set, ${hasServer ? 'not both' : 'found neither'}`;
    errors.push(new InvalidSpecError('spec.destination', message));
  }
  const namespace = destination.namespace ?? '';
  if (namespace !== '' && !DNS_LABEL.test(namespace)) {
    const message = `"${namespace}" is not a valid namespace name (RFC 1123 label)`;
    errors.push(new InvalidSpecError('spec.destination.namespace', message));
  }
}

function checkApplicationSpec(
  spec: DeepPartial<ApplicationSpec>,
  errors: InvalidSpecError[],
): void {
  if (spec.source !== undefined) checkApplicationSource(spec.source, errors);
  if (spec.destination !== undefined) checkDestination(spec.destination, errors);
  if (spec.syncPolicy !== undefined) checkSyncPolicy(spec.syncPolicy, errors);
  spec.ignoreDifferences?.forEach((rule, index) => {
    const at = `spec.ignoreDifferences[${String(index)}]`;
    if (rule.kind === '') errors.push(new InvalidSpecError(`${at}.kind`, 'must not be empty'));
    rule.jsonPointers?.forEach((pointer, p) => {
      if (!pointer.startsWith('/')) {
        const message = `"${pointer}" is not a JSON pointer (it must start with /)`;
        errors.push(new InvalidSpecError(`${at}.jsonPointers[${String(p)}]`, message));
      }
    });
  });
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit < 0) {
    const message = `must not be negative, not ${String(spec.revisionHistoryLimit)}`;
    errors.push(new InvalidSpecError('spec.revisionHistoryLimit', message));
  }
}

/**
 * Checks an Application read from the cluster or a file. On success returns a normalised
 * copy (nulls dropped, apiVersion and kind filled in); `status` is passed through unchecked,
 * as only the controller writes it.
 */
export function validateApplication(input: unknown): ValidationResult {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [new InvalidSpecError('Application', 'must be an object')] };
  }
  const errors: InvalidSpecError[] = [];
  const metadata = checkTypeMeta(input, KINDS.application.kind, errors);
  if (input['spec'] === undefined || input['spec'] === null) {
    errors.push(new InvalidSpecError('spec', 'is required'));
  }
  const spec = readUserFields(input['spec'], APPLICATION_SPEC_SHAPE, 'spec', errors);
  const operation = readUserFields(input['operation'], OPERATION_SHAPE, 'operation', errors);
  if (spec !== undefined) checkApplicationSpec(spec as DeepPartial<ApplicationSpec>, errors);
  if (operation !== undefined) checkOperation(operation as DeepPartial<Operation>, errors);
  if (errors.length > 0 || metadata === undefined) return { ok: false, errors };
  // No error was pushed, so the shape walk returned complete, well-typed values.
  const app: Application = {
    apiVersion: API_GROUP_VERSION,
    kind: 'Application',
    metadata,
    spec: spec as ApplicationSpec,
  };
  if (operation !== undefined) app.operation = operation as Operation;
  // status is the controller's own output; it is carried, not checked
  if (isPlainObject(input['status'])) app.status = input['status'];
  return { ok: true, app };
}

/**
 * Checks an AppProject the same way: unsupported Argo CD project fields are errors, except
 * `roles`, which only concern Argo CD's own API users and are dropped.
 */
export function validateAppProject(input: unknown): AppProjectValidationResult {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [new InvalidSpecError('AppProject', 'must be an object')] };
  }
  const errors: InvalidSpecError[] = [];
  const metadata = checkTypeMeta(input, KINDS.appProject.kind, errors);
  if (input['spec'] === undefined || input['spec'] === null) {
    errors.push(new InvalidSpecError('spec', 'is required'));
  }
  const spec = readUserFields(
    input['spec'],
    APP_PROJECT_SPEC_SHAPE,
    'spec',
    errors,
    APP_PROJECT_INERT_FIELDS,
  );
  if (errors.length > 0 || metadata === undefined) return { ok: false, errors };
  return {
    ok: true,
    project: {
      apiVersion: API_GROUP_VERSION,
      kind: 'AppProject',
      metadata,
      spec: spec as AppProjectSpec,
    },
  };
}
