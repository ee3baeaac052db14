import { fromTimestamp } from '../../kernel/brand.js'
import { humanDurationMs } from '../../kernel/duration.js'
import type { KObject } from '../../model/meta.js'
import { type Fields, type KindPrinter, ageOf, conditionStatus, containerCells, labelSelectorCell, list, num, rec, sinceTimestamp, str } from './cells.js'

// Mirrors kubernetes pkg/printers/internalversion printJob, printCronJob and
// printHorizontalPodAutoscaler (with formatHPAMetrics), as of v1.32.

const name = (o: KObject): string => o.metadata.name ?? ''
const spec = (o: KObject) => rec(o.spec)
const status = (o: KObject) => rec(o.status)
const has = (m: Fields, key: string): boolean => m[key] !== undefined && m[key] !== null

// ---- Job

/** The STATUS cell: the first terminal or notable condition that is True, else Running. */
const jobStatus = (o: KObject): string => {
  const is = (type: string) => conditionStatus(o, type) === 'True'
  if (is('Complete')) return 'Complete'
  if (is('Failed')) return 'Failed'
  if (o.metadata.deletionTimestamp !== undefined && o.metadata.deletionTimestamp !== null) return 'Terminating'
  for (const type of ['Suspended', 'FailureTarget', 'SuccessCriteriaMet']) if (is(type)) return type
  return 'Running'
}

/** COMPLETIONS: `succeeded/completions`, or `n/1` (`n/1 of P` when parallel) for a work queue. */
const jobCompletions = (o: KObject): string => {
  const succeeded = num(status(o).succeeded)
  if (has(spec(o), 'completions')) return `${succeeded}/${num(spec(o).completions)}`
  const parallelism = num(spec(o).parallelism)
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`
}

/** DURATION: empty before the start, running time until completion, then start to completion. */
const jobDuration = (o: KObject, nowMs: number): string => {
  const start = status(o).startTime
  if (typeof start !== 'string') return ''
  const end = status(o).completionTime
  if (typeof end !== 'string') return sinceTimestamp(start, nowMs)
  return humanDurationMs((fromTimestamp(end) ?? 0) - (fromTimestamp(start) ?? 0))
}

/** `kubectl get jobs`. */
export const jobPrinter: KindPrinter = {
  columns: (wide) => ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])],
  row: (o, nowMs, wide) => {
    const base = [name(o), jobStatus(o), jobCompletions(o), jobDuration(o, nowMs), ageOf(o, nowMs)]
    return wide ? [...base, ...containerCells(spec(o).template), labelSelectorCell(spec(o).selector)] : base
  },
}

// ---- CronJob

/** `kubectl get cronjobs`. */
export const cronJobPrinter: KindPrinter = {
  columns: (wide) => [
    'NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE',
    ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : []),
  ],
  row: (o, nowMs, wide) => {
    const suspend = spec(o).suspend
    const last = status(o).lastScheduleTime
    const job = rec(rec(spec(o).jobTemplate).spec)
    const base = [
      name(o),
      str(spec(o).schedule),
      str(spec(o).timeZone) || '<none>',
      typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>',
      String(list(status(o).active).length),
      typeof last === 'string' ? sinceTimestamp(last, nowMs) : '<none>',
      ageOf(o, nowMs),
    ]
    return wide ? [...base, ...containerCells(job.template), has(job, 'selector') ? labelSelectorCell(job.selector) : '<none>'] : base
  },
}

// ---- HorizontalPodAutoscaler

/** One metric of formatHPAMetrics: `cpu: 40%/50%`, `<unknown>` where the status says nothing yet. */
const hpaMetric = (metric: Fields, current: Fields): string => {
  const type = str(metric.type)
  if (type === 'Resource' || type === 'ContainerResource') {
    const source = type === 'Resource' ? 'resource' : 'containerResource'
    const target = rec(rec(metric[source]).target)
    const now = rec(rec(current[source]).current)
    const metricName = str(rec(metric[source]).name)
    if (has(target, 'averageValue')) return `${metricName}: ${has(current, source) ? str(now.averageValue) || '<nil>' : '<unknown>'}/${str(target.averageValue)}`
    const currentCell = has(now, 'averageUtilization') ? `${num(now.averageUtilization)}%` : '<unknown>'
    const targetCell = has(target, 'averageUtilization') ? `${num(target.averageUtilization)}%` : '<auto>'
    return `${metricName}: ${currentCell}/${targetCell}`
  }
  if (type === 'Pods') {
    const now = rec(rec(current.pods).current)
    return `${has(current, 'pods') ? str(now.averageValue) || '<nil>' : '<unknown>'}/${str(rec(rec(metric.pods).target).averageValue)}`
  }
  if (type === 'Object' || type === 'External') {
    const source = type.toLowerCase()
    const target = rec(rec(metric[source]).target)
    const now = rec(rec(current[source]).current)
    if (has(target, 'averageValue')) return `${str(now.averageValue) || '<unknown>'}/${str(target.averageValue)} (avg)`
    return `${has(current, source) ? str(now.value) || '<nil>' : '<unknown>'}/${str(target.value)}`
  }
  return '<unknown type>'
}

/** TARGETS: each metric against the current metric at the same index; two shown, then ` + N more...`. */
const hpaTargets = (o: KObject): string => {
  const metrics = list(spec(o).metrics).map(rec)
  if (metrics.length === 0) return '<none>'
  const currents = list(status(o).currentMetrics).map(rec)
  const cells = metrics.map((m, i) => hpaMetric(m, currents[i] ?? {}))
  return cells.length > 2 ? `${cells.slice(0, 2).join(', ')} + ${cells.length - 2} more...` : cells.join(', ')
}

/** `kubectl get horizontalpodautoscalers`. */
export const horizontalPodAutoscalerPrinter: KindPrinter = {
  columns: () => ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
  row: (o, nowMs) => {
    const ref = rec(spec(o).scaleTargetRef)
    return [
      name(o),
      `${str(ref.kind)}/${str(ref.name)}`,
      hpaTargets(o),
      has(spec(o), 'minReplicas') ? String(num(spec(o).minReplicas)) : '<unset>',
      String(num(spec(o).maxReplicas)),
      String(num(status(o).currentReplicas)),
      ageOf(o, nowMs),
    ]
  },
}
