import { describe, expect, it } from 'vitest'
import { fromTimestamp, toTimestamp } from '../../../src/kernel/brand.js'
import type { KObject } from '../../../src/model/meta.js'
import { type ClusterState, emptyState } from '../../../src/state/clusterState.js'
import { StateDraft } from '../../../src/state/stateDraft.js'
import { describeObject } from '../../../src/cli/printers/describe.js'
import { printGet, printTable } from '../../../src/cli/printers/table.js'
import { tabwrite, DESCRIBE_TABS } from '../../../src/cli/printers/tabwriter.js'

// ---- builders

const NOW_MS = 600_000 // ten minutes after the epoch
const lines = (...ls: string[]): string => ls.join('\n') + '\n'
const get = { nowMs: NOW_MS, wide: false, allNamespaces: false, showKind: false }

const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  uid: `uid-${name}`,
  creationTimestamp: toTimestamp(0),
  ...extra,
})

const aPod = (name: string, status: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta(name, extra),
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }], nodeName: 'node-1' },
  status,
})

const container = (state: Record<string, unknown>, ready: boolean, restartCount = 0, lastState = {}) => ({
  name: 'nginx',
  ready,
  restartCount,
  state,
  lastState,
})

const running = aPod('web-running', {
  phase: 'Running',
  podIP: '10.244.0.5',
  containerStatuses: [container({ running: { startedAt: toTimestamp(1000) } }, true)],
})
const creating = aPod('web-creating', {
  phase: 'Pending',
  containerStatuses: [container({ waiting: { reason: 'ContainerCreating' } }, false)],
})
const crashing = aPod('web-crash', {
  phase: 'Running',
  containerStatuses: [
    container({ waiting: { reason: 'CrashLoopBackOff' } }, false, 4, {
      terminated: { exitCode: 1, reason: 'Error', finishedAt: toTimestamp(NOW_MS - 30_000) },
    }),
  ],
})
const terminating = aPod(
  'web-terminating',
  { phase: 'Running', containerStatuses: [container({ running: {} }, true)] },
  { deletionTimestamp: toTimestamp(NOW_MS - 5000) },
)
const completed = aPod('job-done', {
  phase: 'Succeeded',
  containerStatuses: [container({ terminated: { exitCode: 0, reason: 'Completed' } }, false)],
})

const stateOf = (...objects: KObject[]): ClusterState => {
  const draft = new StateDraft(emptyState())
  for (const o of objects) draft.put(o)
  return draft.commit()
}

// ---- tabwriter

describe('printTable', () => {
  it('pads every column but the last to its widest cell plus three (at least 6), with no trailing spaces', () => {
    expect(printTable([['a', 'bb', ''], ['cccc', 'd', 'e']], ['X', 'Y', 'Z'])).toBe(
      lines('X      Y     Z', 'a      bb', 'cccc   d     e'),
    )
  })
})

describe('tabwrite (describe layout)', () => {
  it('aligns a column only across consecutive lines that have it', () => {
    expect(tabwrite('Name:\tweb\nHeading:\n  Type \tTrue\nLonger-key:\tx\n', DESCRIBE_TABS)).toBe(
      'Name:  web\nHeading:\n  Type       True\nLonger-key:  x\n',
    )
  })
})

// ---- get pods

describe('printGet pods', () => {
  it('prints STATUS and RESTARTS as kubectl printPod does', () => {
    expect(printGet([running, creating, crashing, terminating, completed], get)).toBe(
      lines(
        'NAME              READY   STATUS              RESTARTS      AGE',
        'web-running       1/1     Running             0             10m',
        'web-creating      0/1     ContainerCreating   0             10m',
        'web-crash         0/1     CrashLoopBackOff    4 (30s ago)   10m',
        'web-terminating   1/1     Terminating         0             10m',
        'job-done          0/1     Completed           0             10m',
      ),
    )
  })

  it('reproduces kubectl get pods -o wide (trace 05)', () => {
    const created = fromTimestamp('2026-11-22T15:38:34Z')!
    const pod = (name: string, ip: string): KObject => ({
      ...aPod(name, { phase: 'Running', podIP: ip, containerStatuses: [container({ running: {} }, true)] }),
      metadata: meta(name, { creationTimestamp: '2026-11-22T15:38:34Z' }),
    })
    const pods = [pod('web-1add708bc4-4vq4m', '10.244.0.156'), pod('web-1add708bc4-zqs9z', '10.244.0.63')]
    expect(printGet(pods, { ...get, nowMs: created + 1000, wide: true })).toBe(
      lines(
        'NAME                   READY   STATUS    RESTARTS   AGE   IP             NODE     NOMINATED NODE   READINESS GATES',
        'web-1add708bc4-4vq4m   1/1     Running   0          1s    10.244.0.156   node-1   <none>           <none>',
        'web-1add708bc4-zqs9z   1/1     Running   0          1s    10.244.0.63    node-1   <none>           <none>',
      ),
    )
  })

  it('prints <none> for an unscheduled pod in wide output', () => {
    const pending = { ...creating, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } }
    expect(printGet([pending], { ...get, wide: true }).split('\n')[1]).toBe(
      'web-creating   0/1     ContainerCreating   0          10m   <none>   <none>   <none>           <none>',
    )
  })

  it('returns the empty message, naming the namespace unless -A', () => {
    expect(printGet([], get)).toBe('No resources found in default namespace.\n')
    expect(printGet([], { ...get, namespace: 'prod' })).toBe('No resources found in prod namespace.\n')
    expect(printGet([], { ...get, allNamespaces: true })).toBe('No resources found\n')
  })
})

// ---- workloads

const deployment = (name: string, created: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, { creationTimestamp: created, labels: { app: name }, ...extra }),
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
    },
  },
  status: { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
})

const replicaSet = (owner: KObject, hash: string, replicas: number, image: string, created: string): KObject => {
  const tpl = (owner.spec as { template: { metadata: { labels: Record<string, string> }; spec: unknown } }).template
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(`${owner.metadata.name}-${hash}`, {
      creationTimestamp: created,
      labels: { ...tpl.metadata.labels, 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true }],
    }),
    spec: {
      replicas,
      selector: { matchLabels: { ...tpl.metadata.labels, 'pod-template-hash': hash } },
      template: {
        metadata: { labels: { ...tpl.metadata.labels, 'pod-template-hash': hash } },
        spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] },
      },
    },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  }
}

describe('printGet workloads', () => {
  const t0 = '2026-11-22T15:38:34Z'
  const nowMs = fromTimestamp(t0)! + 2000
  const web = deployment('web', t0)
  const rs = replicaSet(web, '1add708bc4', 2, 'nginx:1.25', t0)
  const pod = (name: string): KObject => ({
    ...aPod(name, { phase: 'Running', containerStatuses: [container({ running: {} }, true)] }),
    metadata: meta(name, { creationTimestamp: t0 }),
  })

  it('reproduces kubectl get deploy,rs,pods (trace 07): kind-prefixed names, blank line between kinds', () => {
    const objects = [web, rs, pod('web-1add708bc4-4vq4m'), pod('web-1add708bc4-zqs9z')]
    expect(printGet(objects, { ...get, nowMs, showKind: true })).toBe(
      lines(
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   2/2     2            2           2s',
        '',
        'NAME                             DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/web-1add708bc4   2         2         2       2s',
        '',
        'NAME                       READY   STATUS    RESTARTS   AGE',
        'pod/web-1add708bc4-4vq4m   1/1     Running   0          2s',
        'pod/web-1add708bc4-zqs9z   1/1     Running   0          2s',
      ),
    )
  })

  it('prints wide deployment and replicaset columns with containers, images and selector', () => {
    expect(printGet([web], { ...get, nowMs, wide: true })).toBe(
      lines(
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    2/2     2            2           2s    nginx        nginx:1.25   app=web',
      ),
    )
    expect(printGet([rs], { ...get, nowMs, wide: true })).toBe(
      lines(
        'NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web-1add708bc4   2         2         2       2s    nginx        nginx:1.25   app=web,pod-template-hash=1add708bc4',
      ),
    )
  })

  it('prefixes NAMESPACE with -A, but not for cluster-scoped kinds', () => {
    const other = { ...web, metadata: { ...web.metadata, name: 'api', namespace: 'team-a' } }
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', creationTimestamp: t0 } }
    expect(printGet([other, web, node], { ...get, nowMs, allNamespaces: true })).toBe(
      lines(
        'NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
        'team-a      api    2/2     2            2           2s',
        'default     web    2/2     2            2           2s',
        '',
        'NAME     STATUS    ROLES    AGE   VERSION',
        'node-1   Unknown   <none>   2s    v1.32.0',
      ),
    )
  })
})

// ---- nodes and events

describe('printGet nodes and events', () => {
  const node = (name: string, ready: string, extra: { labels?: Record<string, string>; unschedulable?: boolean } = {}): KObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, creationTimestamp: toTimestamp(0), labels: extra.labels ?? {} },
    spec: { unschedulable: extra.unschedulable === true },
    status: { conditions: [{ type: 'Ready', status: ready }], nodeInfo: { kubeletVersion: 'v1.31.4' } },
  })

  it('derives STATUS from the Ready condition and ROLES from node-role labels', () => {
    const nodes = [
      node('cp-1', 'True', { labels: { 'node-role.kubernetes.io/control-plane': '' } }),
      node('node-1', 'False'),
      node('node-2', 'Unknown', { unschedulable: true }),
    ]
    expect(printGet(nodes, get)).toBe(
      lines(
        'NAME     STATUS                        ROLES           AGE   VERSION',
        'cp-1     Ready                         control-plane   10m   v1.31.4',
        'node-1   NotReady                      <none>          10m   v1.31.4',
        'node-2   NotReady,SchedulingDisabled   <none>          10m   v1.31.4',
      ),
    )
  })

  it('prints events as kubectl get events (trace 22): OBJECT is kind-lowercase/name', () => {
    const event: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('web.17a'),
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'uid-web' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-1add708bc4 from 0 to 2',
      type: 'Normal',
      firstTimestamp: toTimestamp(NOW_MS - 14_000),
      lastTimestamp: toTimestamp(NOW_MS - 14_000),
    }
    expect(printGet([event], get)).toBe(
      lines(
        'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE',
        '14s         Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-1add708bc4 from 0 to 2',
      ),
    )
  })
})

// ---- describe

describe('describeObject', () => {
  const t0 = '2026-11-22T15:38:34Z'
  const web = deployment('web', t0, { annotations: { 'deployment.kubernetes.io/revision': '2' } })
  const withConditions: KObject = {
    ...web,
    status: {
      ...(web.status as object),
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  }
  const oldRS = replicaSet(web, '5d4c8f9b7a', 0, 'nginx:1.24', t0)
  const newRS = replicaSet(web, '1add708bc4', 2, 'nginx:1.25', '2026-11-22T15:39:00Z')
  const scaled: KObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('web.fa458f82efc44bc8', { creationTimestamp: '2026-11-22T15:39:00Z' }),
    involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'uid-web' },
    reason: 'ScalingReplicaSet',
    message: 'Scaled up replica set web-1add708bc4 from 0 to 2',
    type: 'Normal',
    source: { component: 'deployment-controller' },
    firstTimestamp: '2026-11-22T15:39:00Z',
    lastTimestamp: '2026-11-22T15:39:00Z',
    count: 1,
  }
  const unrelated: KObject = { ...scaled, metadata: meta('other.1'), involvedObject: { kind: 'Pod', name: 'x', uid: 'uid-x' } }
  const nowMs = fromTimestamp('2026-11-22T15:39:06Z')!

  it('describes a Deployment with old and new ReplicaSets and its events, laid out as kubectl (trace 09)', () => {
    const state = stateOf(withConditions, oldRS, newRS, scaled, unrelated)
    expect(describeObject(withConditions, state, nowMs)).toBe(
      lines(
        'Name:                   web',
        'Namespace:              default',
        'CreationTimestamp:      Sun, 22 Nov 2026 15:38:34 +0000',
        'Labels:                 app=web',
        'Annotations:            deployment.kubernetes.io/revision: 2',
        'Selector:               app=web',
        'Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.25',
        '    Port:          80/',
        '    Host Port:     0/',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        '  Progressing    True    NewReplicaSetAvailable',
        'OldReplicaSets:  web-5d4c8f9b7a (0/0 replicas created)',
        'NewReplicaSet:   web-1add708bc4 (2/2 replicas created)',
        'Events:',
        '  Type    Reason             Age   From                   Message',
        '  ----    ------             ----  ----                   -------',
        '  Normal  ScalingReplicaSet  6s    deployment-controller  Scaled up replica set web-1add708bc4 from 0 to 2',
      ),
    )
  })

  it('describes a ReplicaSet with its controller, pod counts and no events', () => {
    const pod = { ...running, metadata: { ...running.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: newRS.metadata.name!, uid: newRS.metadata.uid!, controller: true }] } }
    const text = describeObject(newRS, stateOf(newRS, pod), nowMs)
    expect(text.split('\n').slice(0, 9)).toEqual([
      'Name:           web-1add708bc4',
      'Namespace:      default',
      'Selector:       app=web,pod-template-hash=1add708bc4',
      'Labels:         app=web',
      '                pod-template-hash=1add708bc4',
      'Annotations:    <none>',
      'Controlled By:  Deployment/web',
      'Replicas:       2 current / 2 desired',
      'Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed',
    ])
    expect(text.endsWith('  Tolerations:     <none>\nEvents:            <none>\n')).toBe(true)
  })
})

describe('kubectl get endpoints', () => {
  it('lists ready ip:port pairs, three at most, then how many more', () => {
    const ep = (ips: string[]): KObject => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
      subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port: 8080, protocol: 'TCP' }] }],
    } as KObject)
    expect(printGet([ep(['10.244.0.2', '10.244.1.2'])], { nowMs: 60_000, wide: false, allNamespaces: false, showKind: false })).toBe(
      'NAME   ENDPOINTS                         AGE\nweb    10.244.0.2:8080,10.244.1.2:8080   60s\n',
    )
    expect(printGet([ep(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'])], { nowMs: 0, wide: false, allNamespaces: false, showKind: false })).toContain(
      '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more...',
    )
    expect(printGet([ep([])], { nowMs: 0, wide: false, allNamespaces: false, showKind: false })).toContain('<none>')
  })
})
