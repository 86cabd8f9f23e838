import { join } from 'node:path';

/** Files a running cluster is made of, all under one data directory. */
export interface ClusterLayout {
  dataDir: string;
  pkiDir: string;
  etcdDir: string;
  logDir: string;
  kubeconfig: string;
}

export function describeLayout(dataDir: string): ClusterLayout {
  return {
    dataDir,
    pkiDir: join(dataDir, 'pki'),
    etcdDir: join(dataDir, 'etcd'),
    logDir: join(dataDir, 'logs'),
    kubeconfig: join(dataDir, 'kubeconfig'),
  };
}

export interface ApiServerPorts {
  apiserver: number;
  etcdClient: number;
  etcdPeer: number;
}

export function apiServerArgs(layout: ClusterLayout, ports: ApiServerPorts): string[] {
  const pki = (name: string): string => join(layout.pkiDir, name);
  return [
    'kube-apiserver',
    `--embedded-etcd-dir=${layout.etcdDir}`,
    `--embedded-etcd-client-port=${String(ports.etcdClient)}`,
    `--embedded-etcd-peer-port=${String(ports.etcdPeer)}`,
    `--secure-port=${String(ports.apiserver)}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--tls-cert-file=${pki('apiserver.crt')}`,
    `--tls-private-key-file=${pki('apiserver.key')}`,
    `--client-ca-file=${pki('ca.crt')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki('sa.pub')}`,
    `--service-account-signing-key-file=${pki('sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--authorization-mode=Node,RBAC',
    '--allow-privileged=true',
    // The kubernetes Service cannot point at a loopback address; nothing here needs it.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
  ];
}

export function controllerManagerArgs(layout: ClusterLayout): string[] {
  return [
    'kube-controller-manager',
    `--kubeconfig=${layout.kubeconfig}`,
    '--leader-elect=false',
    '--secure-port=0',
    `--service-account-private-key-file=${join(layout.pkiDir, 'sa.key')}`,
    `--root-ca-file=${join(layout.pkiDir, 'ca.crt')}`,
    '--use-service-account-credentials=false',
    // kwok does not heartbeat the fake node (no Lease renewals, no status updates), so
    // with the default 40 s grace period the node lifecycle controller marks the node
    // NotReady and every pod on it unready. A fake node needs no failure detection.
    '--node-monitor-grace-period=8760h',
    // Workloads progress in tests within a second or two rather than the default minutes.
    '--concurrent-deployment-syncs=10',
    '--concurrent-replicaset-syncs=10',
  ];
}

export function schedulerArgs(layout: ClusterLayout): string[] {
  return [
    'kube-scheduler',
    `--kubeconfig=${layout.kubeconfig}`,
    '--leader-elect=false',
    '--secure-port=0',
  ];
}

export const FAKE_NODE_NAME = 'kwok-node-0';
const FAKE_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export function kwokArgs(layout: ClusterLayout): string[] {
  return [
    `--kubeconfig=${layout.kubeconfig}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${FAKE_NODE_ANNOTATION}=fake`,
    '--cidr=10.244.0.1/16',
    '--node-ip=10.0.1.1',
  ];
}

/** A node that kwok keeps Ready and whose pods it runs through the default stages. */
export function fakeNodeManifest(): {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
  [key: string]: unknown;
} {
  const resources = { cpu: '32', memory: '256Gi', pods: '250' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: FAKE_NODE_NAME,
      annotations: { [FAKE_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': FAKE_NODE_NAME,
        type: 'kwok',
      },
    },
    spec: {},
    status: { allocatable: resources, capacity: resources },
  };
}
