import { type Fields, list, num, rec, str, strMap } from './cells.js'
import { type DescribeWriter, formatRFC1123Z, intOrString, writeAnnotations, writeLabels } from './describeWriter.js'

// Mirrors kubectl pkg/describe describeContainers, describeVolumes and DescribePodTemplate.

/** `describeContainerPorts`: `80/TCP (http)`, comma-joined. The protocol prints as stored, like upstream. */
const portsCell = (ports: readonly Fields[], field: 'containerPort' | 'hostPort'): string =>
  ports
    .map((p) => {
      const base = `${num(p[field])}/${str(p.protocol)}`
      return str(p.name) === '' ? base : `${base} (${str(p.name)})`
    })
    .join(', ')

const writePorts = (w: DescribeWriter, c: Fields): void => {
  const ports = list(c.ports).map(rec)
  const container = portsCell(ports, 'containerPort')
  const host = portsCell(ports, 'hostPort')
  w.line(2, container.includes(',') ? `Ports:\t${container}` : `Port:\t${container || '<none>'}`)
  w.line(2, host.includes(',') ? `Host Ports:\t${host}` : `Host Port:\t${host || '<none>'}`)
}

const writeCommand = (w: DescribeWriter, c: Fields): void => {
  for (const [field, title] of [['command', 'Command:'], ['args', 'Args:']] as const) {
    const parts = list(c[field]).map(str)
    if (parts.length === 0) continue
    w.line(2, title)
    for (const p of parts) for (const s of p.split('\n')) w.line(3, s)
  }
}

/** `describeStatus`: a container state (Running / Waiting / Terminated) and its details. */
const writeState = (w: DescribeWriter, title: string, state: Fields): void => {
  if (state.running !== undefined) {
    w.line(2, `${title}:\tRunning`).line(3, `Started:\t${formatRFC1123Z(rec(state.running).startedAt)}`)
  } else if (state.terminated !== undefined) {
    const t = rec(state.terminated)
    w.line(2, `${title}:\tTerminated`)
    if (str(t.reason) !== '') w.line(3, `Reason:\t${str(t.reason)}`)
    if (str(t.message) !== '') w.line(3, `Message:\t${str(t.message)}`)
    w.line(3, `Exit Code:\t${num(t.exitCode)}`)
    if (num(t.signal) > 0) w.line(3, `Signal:\t${num(t.signal)}`)
    w.line(3, `Started:\t${formatRFC1123Z(t.startedAt)}`).line(3, `Finished:\t${formatRFC1123Z(t.finishedAt)}`)
  } else {
    w.line(2, `${title}:\tWaiting`)
    const reason = str(rec(state.waiting).reason)
    if (reason !== '') w.line(3, `Reason:\t${reason}`)
  }
}

const writeResources = (w: DescribeWriter, c: Fields): void => {
  const resources = rec(c.resources)
  for (const [field, title] of [['limits', 'Limits:'], ['requests', 'Requests:']] as const) {
    const entries = Object.entries(rec(resources[field])).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    if (entries.length > 0) w.line(2, title)
    for (const [k, v] of entries) w.line(3, `${k}:\t${intOrString(v)}`)
  }
}

/** kubectl 1.32's `DescribeProbe`. Defaults are the apiserver's (timeout 1s, period 10s, 1, 3). */
const probeText = (p: Fields): string => {
  const attrs =
    `delay=${num(p.initialDelaySeconds)}s timeout=${num(p.timeoutSeconds) || 1}s ` +
    `period=${num(p.periodSeconds) || 10}s #success=${num(p.successThreshold) || 1} #failure=${num(p.failureThreshold) || 3}`
  if (p.exec !== undefined) return `exec [${list(rec(p.exec).command).map(str).join(' ')}] ${attrs}`
  if (p.httpGet !== undefined) {
    const g = rec(p.httpGet)
    const scheme = (str(g.scheme) || 'HTTP').toLowerCase()
    return `http-get ${scheme}://${str(g.host)}:${intOrString(g.port)}${str(g.path)} ${attrs}`
  }
  if (p.tcpSocket !== undefined) return `tcp-socket ${str(rec(p.tcpSocket).host)}:${intOrString(rec(p.tcpSocket).port)} ${attrs}`
  return `unknown ${attrs}`
}

const writeProbes = (w: DescribeWriter, c: Fields): void => {
  for (const [field, title] of [['livenessProbe', 'Liveness'], ['readinessProbe', 'Readiness'], ['startupProbe', 'Startup']] as const)
    if (c[field] !== undefined) w.line(2, `${title}:\t${probeText(rec(c[field]))}`)
}

const writeEnvAndMounts = (w: DescribeWriter, c: Fields): void => {
  const env = list(c.env).map(rec)
  w.line(2, env.length === 0 ? 'Environment:\t<none>' : 'Environment:')
  for (const e of env) {
    str(e.value)
      .split('\n')
      .forEach((s, i) => w.line(3, i === 0 ? `${str(e.name)}:\t${s}` : `\t${s}`))
  }
  const mounts = list(c.volumeMounts).map(rec).sort((a, b) => (str(a.mountPath) < str(b.mountPath) ? -1 : 1))
  w.line(2, mounts.length === 0 ? 'Mounts:\t<none>' : 'Mounts:')
  for (const m of mounts) w.line(3, `${str(m.mountPath)} from ${str(m.name)} (${m.readOnly === true ? 'ro' : 'rw'})`)
}

/**
 * `describeContainers`: a `Containers:` block. `space` is `'  '` inside a pod template (names get one
 * extra space, as upstream's nameIndent); statuses are given only when describing a live pod.
 */
export const writeContainers = (
  w: DescribeWriter,
  label: string,
  containers: readonly Fields[],
  statuses: readonly Fields[] | undefined,
  space: string,
): void => {
  w.line(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}`)
  for (const c of containers) {
    const status = statuses?.find((s) => str(s.name) === str(c.name))
    w.line(1, `${space === '' ? '' : ' '}${str(c.name)}:`)
    if (status) w.line(2, `Container ID:\t${str(status.containerID)}`)
    w.line(2, `Image:\t${str(c.image)}`)
    if (status) w.line(2, `Image ID:\t${str(status.imageID)}`)
    writePorts(w, c)
    writeCommand(w, c)
    if (status) {
      writeState(w, 'State', rec(status.state))
      if (rec(status.lastState).terminated !== undefined) writeState(w, 'Last State', rec(status.lastState))
      w.line(2, `Ready:\t${status.ready === true ? 'True' : 'False'}`).line(2, `Restart Count:\t${num(status.restartCount)}`)
    }
    writeResources(w, c)
    writeProbes(w, c)
    writeEnvAndMounts(w, c)
  }
}

/** The volume source lines describe prints for the sources Reel models; others only name their type. */
const writeVolumeSource = (w: DescribeWriter, v: Fields): void => {
  if (v.emptyDir !== undefined) {
    w.line(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)")
    w.line(2, `Medium:\t${str(rec(v.emptyDir).medium)}`).line(2, `SizeLimit:\t${str(rec(v.emptyDir).sizeLimit) || '<unset>'}`)
  } else if (v.persistentVolumeClaim !== undefined) {
    const c = rec(v.persistentVolumeClaim)
    w.line(2, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)')
    w.line(2, `ClaimName:\t${str(c.claimName)}`).line(2, `ReadOnly:\t${c.readOnly === true}`)
  } else if (v.configMap !== undefined) {
    w.line(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)').line(2, `Name:\t${str(rec(v.configMap).name)}`)
  } else if (v.secret !== undefined) {
    w.line(2, 'Type:\tSecret (a volume populated by a Secret)').line(2, `SecretName:\t${str(rec(v.secret).secretName)}`)
  } else if (v.hostPath !== undefined) {
    w.line(2, 'Type:\tHostPath (bare host directory volume)').line(2, `Path:\t${str(rec(v.hostPath).path)}`)
  } else {
    w.line(2, `Type:\t${Object.keys(v).find((k) => k !== 'name') ?? '<unknown>'}`)
  }
}

/** `describeVolumes`. */
export const writeVolumes = (w: DescribeWriter, volumes: readonly Fields[], space: string): void => {
  if (volumes.length === 0) {
    w.line(0, `${space}Volumes:\t<none>`)
    return
  }
  w.line(0, `${space}Volumes:`)
  for (const v of volumes) {
    w.line(1, `${space === '' ? '' : ' '}${str(v.name)}:`)
    writeVolumeSource(w, v)
  }
}

/** `printPodTolerationsMultiline`: `key=value:Effect op=Exists for 300s`, sorted by key. */
export const writeTolerations = (w: DescribeWriter, title: string, tolerations: readonly Fields[]): void => {
  if (tolerations.length === 0) {
    w.line(0, `${title}:\t<none>`)
    return
  }
  const sorted = [...tolerations].sort((a, b) => (str(a.key) < str(b.key) ? -1 : str(a.key) > str(b.key) ? 1 : 0))
  sorted.forEach((t, i) => {
    let text = str(t.key)
    if (str(t.value) !== '') text += `=${str(t.value)}`
    if (str(t.effect) !== '') text += `:${str(t.effect)}`
    if (str(t.operator) === 'Exists' && str(t.value) === '') text += text === '' ? 'op=Exists' : ' op=Exists'
    if (typeof t.tolerationSeconds === 'number') text += ` for ${t.tolerationSeconds}s`
    w.line(0, `${i === 0 ? `${title}:` : ''}\t${text}`)
  })
}

/** `DescribePodTemplate`: the `Pod Template:` block of workloads. */
export const writePodTemplate = (w: DescribeWriter, template: unknown): void => {
  const t = rec(template)
  const meta = rec(t.metadata)
  const spec = rec(t.spec)
  w.line(0, 'Pod Template:')
  writeLabels(w, '  Labels', strMap(meta.labels))
  const annotations = strMap(meta.annotations)
  if (Object.keys(annotations).length > 0) writeAnnotations(w, '  Annotations', annotations)
  if (str(spec.serviceAccountName) !== '') w.line(1, `Service Account:\t${str(spec.serviceAccountName)}`)
  const inits = list(spec.initContainers).map(rec)
  if (inits.length > 0) writeContainers(w, 'Init Containers', inits, undefined, '  ')
  writeContainers(w, 'Containers', list(spec.containers).map(rec), undefined, '  ')
  writeVolumes(w, list(spec.volumes).map(rec), '  ')
  if (str(spec.priorityClassName) !== '') w.line(1, `Priority Class Name:\t${str(spec.priorityClassName)}`)
  writeLabels(w, '  Node-Selectors', strMap(spec.nodeSelector))
  writeTolerations(w, '  Tolerations', list(spec.tolerations).map(rec))
}

