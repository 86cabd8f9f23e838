/**
 * The policy, routing and batch objects of one benchmark app: NetworkPolicy,
 * PodDisruptionBudget, HorizontalPodAutoscaler, Ingress and CronJob, as YAML text. Pure.
 */
import type { AppParams } from './app-manifests.js';

export const IMAGE_REGISTRY = 'registry.example.com/bench';

export function writePolicies(p: AppParams): { netpol: string; pdb: string; hpa: string } {
  return {
    netpol: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-ingress
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: web
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {}
    ports:
    - port: 8080
      protocol: TCP
`,
    pdb: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: web
`,
    hpa: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: worker
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: worker
  minReplicas: 1
  maxReplicas: ${String(3 + Math.floor(p.random() * 5))}
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 70
`,
  };
}

export function writeIngress(p: AppParams): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: ${p.name}.bench.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
`;
}

export function writeCronJob(p: AppParams): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "${String(Math.floor(p.random() * 60))} 3 * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: ${p.name}
          restartPolicy: OnFailure
          containers:
          - name: cleanup
            image: ${IMAGE_REGISTRY}/cleanup:2.1.0
            args: ["--older-than=7d"]
`;
}
