import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeProtobufBody } from '../../src/server/protobuf/decode.js'
import { messageTypeOf, UNKNOWN } from '../../src/server/protobuf/schema.js'
import { bytesOf, KUBECTL_132_BODIES as B } from './protobufCaptures.js'

const decoded = (bytes: Uint8Array): unknown => {
  const r = decodeProtobufBody(bytes)
  if (E.isLeft(r)) throw new Error(`refused: ${r.left.message}`)
  return r.right
}

const refusal = (bytes: Uint8Array) => {
  const r = decodeProtobufBody(bytes)
  if (E.isRight(r)) throw new Error('decoded, expected a refusal')
  return r.left
}

/** A body as kubectl frames one: `k8s\0` + runtime.Unknown{typeMeta, raw}. */
const framed = (apiVersion: string, kind: string, raw: Uint8Array): Uint8Array => {
  const unknown = UNKNOWN.encode(UNKNOWN.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish()
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown])
}

const encoded = (apiVersion: string, kind: string, object: Record<string, unknown>): Uint8Array => {
  const type = messageTypeOf(apiVersion, kind)!
  return framed(apiVersion, kind, type.encode(type.fromObject(object)).finish())
}

describe('decoding the bodies kubectl 1.32 sent (captured bytes)', () => {
  it('create deployment --replicas=2 --port=8080: the JSON kubectl 1.31 would have sent', () => {
    expect(decoded(bytesOf(B.deployment))).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd2', labels: { app: 'd2' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'd2' } },
        template: {
          metadata: { labels: { app: 'd2' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    })
  })

  it('create service clusterip --tcp=80:8080: targetPort is a number, the port name kubectl made is kept', () => {
    expect(decoded(bytesOf(B.serviceClusterIp))).toEqual({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 's', labels: { app: 's' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 's' }, type: 'ClusterIP' },
      status: {},
    })
  })

  it('create job -- echo hi: command, restartPolicy Never, an empty template metadata', () => {
    expect(decoded(bytesOf(B.job))).toEqual({
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: { name: 'j' },
      spec: {
        template: {
          metadata: {},
          spec: { containers: [{ name: 'j', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' },
        },
      },
      status: {},
    })
  })

  it('create namespace, configmap, secret (data as base64), serviceaccount', () => {
    expect(decoded(bytesOf(B.namespace))).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'n' }, spec: {}, status: {} })
    expect(decoded(bytesOf(B.configMap))).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm' }, data: { a: 'b' } })
    expect(decoded(bytesOf(B.secret))).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 'sec' }, data: { a: 'Yg==' } })
    expect(decoded(bytesOf(B.serviceAccount))).toEqual({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'sa1' } })
  })

  it('create cronjob: schedule and the job template', () => {
    const cj = decoded(bytesOf(B.cronJob)) as { spec: Record<string, any> }
    expect(cj.spec.schedule).toBe('*/1 * * * *')
    expect(cj.spec.jobTemplate.spec.template.spec).toEqual({ containers: [{ name: 'cj', image: 'busybox', resources: {} }], restartPolicy: 'OnFailure' })
  })

  it('autoscale --min=2 --max=5 --cpu-percent=80: an autoscaling/v1 HorizontalPodAutoscaler', () => {
    expect(decoded(bytesOf(B.autoscale))).toEqual({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'd2' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'd2', apiVersion: 'apps/v1' }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
      status: {},
    })
  })
})

describe('turning protobuf into Kubernetes JSON (bodies encoded with the schema)', () => {
  const deployment = {
    metadata: {
      name: 'web',
      namespace: 'prod',
      generateName: '',
      creationTimestamp: { seconds: 1704067200 },
      labels: { app: 'web' },
      annotations: { note: 'x' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'owner', uid: 'u-1', controller: true }],
    },
    spec: {
      replicas: 0,
      minReadySeconds: 0,
      revisionHistoryLimit: 0,
      paused: false,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: { type: 1, strVal: '25%' }, maxUnavailable: { type: 0, intVal: 0 } } },
      template: {
        metadata: { creationTimestamp: {} },
        spec: {
          terminationGracePeriodSeconds: 0,
          volumes: [{ name: 'scratch', volumeSource: { emptyDir: { sizeLimit: { string: '1Gi' } } } }],
          containers: [
            {
              name: 'app',
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              args: ['--port', '8080'],
              env: [
                { name: 'MODE', value: 'prod' },
                { name: 'FROM_CM', valueFrom: { configMapKeyRef: { localObjectReference: { name: 'cfg' }, key: 'mode' } } },
              ],
              resources: { requests: { cpu: { string: '100m' } }, limits: { memory: { string: '128Mi' } } },
              readinessProbe: { handler: { httpGet: { path: '/healthz', port: { type: 1, strVal: 'http' } } }, periodSeconds: 5 },
              stdin: false,
            },
          ],
        },
      },
    },
  }

  it('keeps zero pointers (replicas 0, maxUnavailable 0), drops zero omitempty fields, inlines embedded structs', () => {
    expect(decoded(encoded('apps/v1', 'Deployment', deployment))).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'web',
        namespace: 'prod',
        creationTimestamp: '2024-01-01T00:00:00Z',
        labels: { app: 'web' },
        annotations: { note: 'x' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'owner', uid: 'u-1', controller: true }],
      },
      spec: {
        replicas: 0,
        revisionHistoryLimit: 0,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          metadata: {},
          spec: {
            terminationGracePeriodSeconds: 0,
            volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
            containers: [
              {
                name: 'app',
                image: 'nginx:1.27',
                imagePullPolicy: 'IfNotPresent',
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
                args: ['--port', '8080'],
                env: [
                  { name: 'MODE', value: 'prod' },
                  { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
                ],
                resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              },
            ],
          },
        },
      },
    })
  })

  it('drops a zero targetPort (the server defaults it to port) and keeps a named one', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: { type: 0, intVal: 0 } }, { port: 443, targetPort: { type: 1, strVal: 'https' } }] } }
    expect(decoded(encoded('v1', 'Service', svc))).toEqual({ kind: 'Service', apiVersion: 'v1', spec: { ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] } })
  })

  it('a PUT body (with resourceVersion and uid) decodes the same way', () => {
    const ns = { metadata: { name: 'n', resourceVersion: '42', uid: 'abc' }, spec: { finalizers: ['kubernetes'] } }
    expect(decoded(encoded('v1', 'Namespace', ns))).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'n', resourceVersion: '42', uid: 'abc' }, spec: { finalizers: ['kubernetes'] } })
  })

  it('DeleteOptions of any group version and a policy/v1 Eviction (kubectl drain) decode, grace period 0 kept', () => {
    const opts = { gracePeriodSeconds: 0, propagationPolicy: 'Background', preconditions: { uid: 'u1' }, dryRun: ['All'] }
    expect(decoded(encoded('v1', 'DeleteOptions', opts))).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', ...opts })
    expect(decoded(encoded('apps/v1', 'DeleteOptions', { propagationPolicy: 'Foreground' }))).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'apps/v1',
      propagationPolicy: 'Foreground',
    })
    const eviction = { metadata: { name: 'web-0', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 30 } }
    expect(decoded(encoded('policy/v1', 'Eviction', eviction))).toEqual({ kind: 'Eviction', apiVersion: 'policy/v1', ...eviction })
  })

  it('an autoscaling/v1 Scale keeps spec.replicas 0', () => {
    expect(decoded(encoded('autoscaling/v1', 'Scale', { metadata: { name: 'd' }, spec: { replicas: 0 } }))).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'd' },
      spec: { replicas: 0 },
    })
  })

  it('skips fields the schema does not list, as protobuf readers do', () => {
    const type = messageTypeOf('v1', 'Namespace')!
    const known = type.encode(type.fromObject({ metadata: { name: 'n' } })).finish()
    const unknownField = [0xf8, 0x06, 0x07] // field 111, varint 7: not in the schema
    expect(decoded(framed('v1', 'Namespace', Uint8Array.from([...known, ...unknownField])))).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'n' } })
  })
})

describe('refusing bodies Reel cannot read', () => {
  it('400 without the k8s\\0 prefix', () => {
    const s = refusal(new TextEncoder().encode('{"kind":"Namespace"}'))
    expect([s.code, s.reason]).toEqual([400, 'BadRequest'])
    expect(s.message).toBe('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]')
  })

  it('400 for a truncated envelope', () => {
    const s = refusal(bytesOf(B.deployment).subarray(0, 40))
    expect([s.code, s.reason]).toEqual([400, 'BadRequest'])
  })

  it('400 "cannot be handled as" for a raw object that is not protobuf', () => {
    const s = refusal(framed('apps/v1', 'Deployment', Uint8Array.from([0x0a, 0x7f, 0x01])))
    expect(s.code).toBe(400)
    expect(s.message).toMatch(/^Deployment in version "v1" cannot be handled as a Deployment: /)
  })

  it('415 with upstream wording and the kinds Reel reads for any other kind', () => {
    const s = refusal(framed('v1', 'ResourceQuota', new Uint8Array()))
    expect([s.code, s.reason]).toEqual([415, 'UnsupportedMediaType'])
    expect(s.message).toContain('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml')
    expect(s.message).toContain('Deployment (apps/v1)')
    expect(s.message).toContain('this one is ResourceQuota (v1)')
  })
})
