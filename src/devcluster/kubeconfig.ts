import { readFileSync } from 'node:fs';

export interface KubeconfigInput {
  server: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

export const CONTEXT_NAME = 'capstan-dev';

/** A self-contained kubeconfig (certificates embedded) for the admin user. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const b64 = (file: string): string => readFileSync(file).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${CONTEXT_NAME}`,
    '  cluster:',
    `    server: ${input.server}`,
    `    certificate-authority-data: ${b64(input.caFile)}`,
    'users:',
    `- name: ${CONTEXT_NAME}-admin`,
    '  user:',
    `    client-certificate-data: ${b64(input.certFile)}`,
    `    client-key-data: ${b64(input.keyFile)}`,
    'contexts:',
    `- name: ${CONTEXT_NAME}`,
    '  context:',
    `    cluster: ${CONTEXT_NAME}`,
    `    user: ${CONTEXT_NAME}-admin`,
    `current-context: ${CONTEXT_NAME}`,
    '',
  ].join('\n');
}
