/**
 * Kustomize's builtin IAMPolicyGenerator (api/filters/iampolicygenerator): for cloud `gke`,
 * one ServiceAccount annotated with the Google service account it impersonates. Like
 * Kustomize, the object is written as YAML text and parsed, so values keep YAML's typing.
 */
import { RenderError } from '../../../model/index.js';
import { parseKustomizeYaml } from '../../yaml/index.js';
import type { KObject } from '../res-id.js';
import { Resource } from '../resource.js';

interface IamPolicyArgs {
  cloud: string;
  serviceName: string;
  serviceNamespace: string;
  accountName: string;
  projectId: string;
}

/** The resources an IAMPolicyGenerator plugin config generates (no hash, create behavior). */
export function generateIamPolicyResources(config: KObject, file: string): Resource[] {
  const args = decodeIamPolicyArgs(config, file);
  if (args.cloud !== 'gke') {
    throw new RenderError(file, `cloud provider ${args.cloud} not supported yet`);
  }
  let text = `
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    iam.gke.io/gcp-service-account: ${args.accountName}@${args.projectId}.iam.gserviceaccount.com
  name: ${args.serviceName}
`;
  if (args.serviceNamespace !== '') text += `\n  namespace: ${args.serviceNamespace}`;
  const docs = parseKustomizeYaml(text, file).docs;
  return docs.map((doc) => new Resource(doc as KObject));
}

/** Go's lenient decoding of the config: case-insensitive names, unknown fields ignored. */
function decodeIamPolicyArgs(config: KObject, file: string): IamPolicyArgs {
  const service = field(config, 'kubernetesService');
  const account = field(config, 'serviceAccount');
  return {
    cloud: text(field(config, 'cloud'), 'cloud', file),
    serviceName: text(field(service, 'name'), 'kubernetesService.name', file),
    serviceNamespace: text(field(service, 'namespace'), 'kubernetesService.namespace', file),
    accountName: text(field(account, 'name'), 'serviceAccount.name', file),
    projectId: text(field(account, 'projectId'), 'serviceAccount.projectId', file),
  };
}

function field(holder: unknown, name: string): unknown {
  if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) return undefined;
  const lower = name.toLowerCase();
  // Every spelling fills the same Go field, so the last one in the document wins.
  return Object.entries(holder as KObject).findLast(([key]) => key.toLowerCase() === lower)?.[1];
}

function text(value: unknown, path: string, file: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    throw new RenderError(
      file,
      `json: cannot unmarshal ${typeof value} into Go struct field IAMPolicyGeneratorArgs.${path} of type string`,
    );
  }
  return value;
}
