import { describe, expect, it } from 'vitest'
import { applyStrategicMergePatch } from '../../../../src/api/patch/index.js'

const smp = (original: unknown, patch: unknown, kind = 'Deployment'): unknown => {
  const r = applyStrategicMergePatch(original, patch, kind)
  if (!r.ok) throw new Error(r.message)
  return r.value
}

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ spec: { template: { spec: { containers, ...extra } } } })

describe('applyStrategicMergePatch', () => {
  it('kubectl set image: containers merged by name, $setElementOrder ignored', () => {
    const o = pod([{ name: 'nodejs', image: 'luksa/kubia:v1', ports: [{ containerPort: 8080 }] }, { name: 'side', image: 'busybox' }])
    const p = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nodejs' }, { name: 'side' }], containers: [{ image: 'luksa/kubia:v2', name: 'nodejs' }] } } } }
    expect(smp(o, p)).toEqual(pod([{ name: 'nodejs', image: 'luksa/kubia:v2', ports: [{ containerPort: 8080 }] }, { name: 'side', image: 'busybox' }]))
  })

  it('kubectl apply (client-side): annotations merged, replicas replaced, new container appended', () => {
    const o = { metadata: { annotations: { a: '1' } }, spec: { replicas: 3, ...pod([{ name: 'nginx', image: 'nginx:1.25' }]).spec } }
    const p = { metadata: { annotations: { b: '2' } }, spec: { replicas: 4, template: { spec: { containers: [{ name: 'log', image: 'fluentd' }] } } } }
    expect(smp(o, p)).toEqual({ metadata: { annotations: { a: '1', b: '2' } }, spec: { replicas: 4, ...pod([{ name: 'nginx', image: 'nginx:1.25' }, { name: 'log', image: 'fluentd' }]).spec } })
  })

  it('kubectl rollout pause / resume: null deletes', () => {
    expect(smp({ spec: { replicas: 1 } }, { spec: { paused: true } })).toEqual({ spec: { replicas: 1, paused: true } })
    expect(smp({ spec: { replicas: 1, paused: true } }, { spec: { paused: null } })).toEqual({ spec: { replicas: 1 } })
  })

  it('container ports by containerPort, env by name, volumeMounts by mountPath; volumes by name', () => {
    const o = pod(
      [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], volumeMounts: [{ mountPath: '/d', name: 'v' }] }],
      { volumes: [{ name: 'v', emptyDir: {} }] },
    )
    const p = pod(
      [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }], env: [{ name: 'B', value: '3' }, { name: 'A', $patch: 'delete' }], volumeMounts: [{ mountPath: '/d', readOnly: true }] }],
      { volumes: [{ name: 'w', configMap: { name: 'cm' } }] },
    )
    expect(smp(o, p)).toEqual(
      pod(
        [{ name: 'c', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }], env: [{ name: 'B', value: '3' }], volumeMounts: [{ mountPath: '/d', name: 'v', readOnly: true }] }],
        { volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', configMap: { name: 'cm' } }] },
      ),
    )
  })

  it('Service ports merge by port', () => {
    const o = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } }
    expect(smp(o, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, 'Service')).toEqual({ spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443, targetPort: 8443 }] } })
  })

  it('ownerReferences by uid, conditions by type, finalizers as a set', () => {
    const o = { metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }], finalizers: ['f1', 'f2'] }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Available', status: 'True' }] } }
    const p = { metadata: { ownerReferences: [{ uid: 'u1', controller: true }, { uid: 'u2', name: 'b' }], finalizers: ['f2', 'f3'] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }
    expect(smp(o, p, 'Pod')).toEqual({
      metadata: { ownerReferences: [{ uid: 'u1', name: 'a', controller: true }, { uid: 'u2', name: 'b' }], finalizers: ['f1', 'f2', 'f3'] },
      status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Available', status: 'True' }] },
    })
    expect(smp(o, { metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'] } }, 'Pod')).toMatchObject({ metadata: { finalizers: ['f2'] } })
  })

  it('atomic lists are replaced: tolerations, args, command', () => {
    const o = pod([{ name: 'c', args: ['a', 'b'], command: ['x'] }], { tolerations: [{ key: 'k1' }, { key: 'k2' }] })
    const p = pod([{ name: 'c', args: ['z'], command: ['y'] }], { tolerations: [{ key: 'k3' }] })
    expect(smp(o, p)).toEqual(pod([{ name: 'c', args: ['z'], command: ['y'] }], { tolerations: [{ key: 'k3' }] }))
  })

  it('$patch: replace on a map and on a list; $patch: delete on a map', () => {
    const o = { spec: { selector: { matchLabels: { a: '1', b: '2' } }, ...pod([{ name: 'a' }, { name: 'b' }]).spec } }
    expect(smp(o, { spec: { selector: { $patch: 'replace', matchLabels: { c: '3' } } } })).toMatchObject({ spec: { selector: { matchLabels: { c: '3' } } } })
    expect(smp(o, { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'c' }] } } } })).toMatchObject(pod([{ name: 'c' }]))
    expect(smp(o, { spec: { selector: { $patch: 'delete' } } })).toEqual({ spec: pod([{ name: 'a' }, { name: 'b' }]).spec })
    expect(smp({ a: { b: 1 } }, { a: { $patch: 'merge', c: 2 } })).toEqual({ a: { b: 1, c: 2 } })
  })

  it('$retainKeys drops the keys it does not list (Deployment strategy)', () => {
    const o = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } }
    expect(smp(o, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } })).toEqual({ spec: { strategy: { type: 'Recreate' } } })
  })

  it('directives inside new items are stripped; the original is not changed', () => {
    const o = { spec: { replicas: 1 } }
    expect(smp(o, pod([{ name: 'c', env: [{ name: 'A', value: null }], '$setElementOrder/env': [{ name: 'A' }] }]))).toEqual({ spec: { replicas: 1, ...pod([{ name: 'c', env: [{ name: 'A' }] }]).spec } })
    expect(o).toEqual({ spec: { replicas: 1 } })
  })

  it('refuses malformed patches with 400', () => {
    expect(applyStrategicMergePatch({}, [1], 'Pod')).toMatchObject({ ok: false, code: 400 })
    expect(applyStrategicMergePatch({}, { spec: { $patch: 'frob' } }, 'Pod')).toMatchObject({ ok: false, code: 400 })
    expect(applyStrategicMergePatch({}, pod(['not-an-object']), 'Deployment')).toMatchObject({ ok: false, code: 400 })
  })
})
