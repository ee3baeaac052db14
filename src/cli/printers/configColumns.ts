import type { KObject } from '../../model/meta.js'
import { type KindPrinter, ageOf, list, listWithMore, num, rec, str } from './cells.js'

// Mirrors kubernetes pkg/printers/internalversion printConfigMap, printSecret, printServiceAccount,
// printControllerRevision, printEndpointSlice and printLease, as of v1.32.

const name = (o: KObject): string => o.metadata.name ?? ''
const count = (v: unknown): number => Object.keys(rec(v)).length

/** `kubectl get configmaps`: DATA counts `data` and `binaryData` keys. */
export const configMapPrinter: KindPrinter = {
  columns: () => ['NAME', 'DATA', 'AGE'],
  row: (o, nowMs) => [name(o), String(count(o.data) + count(o.binaryData)), ageOf(o, nowMs)],
}

/** `kubectl get secrets`. */
export const secretPrinter: KindPrinter = {
  columns: () => ['NAME', 'TYPE', 'DATA', 'AGE'],
  row: (o, nowMs) => [name(o), str(o.type), String(count(o.data)), ageOf(o, nowMs)],
}

/** `kubectl get serviceaccounts`: SECRETS counts the (legacy) token secrets listed. */
export const serviceAccountPrinter: KindPrinter = {
  columns: () => ['NAME', 'SECRETS', 'AGE'],
  row: (o, nowMs) => [name(o), String(list(o.secrets).length), ageOf(o, nowMs)],
}

/** The controller owner as kubectl names it: `statefulset.apps/web`, or `<none>`. */
const controllerOf = (o: KObject): string => {
  const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true)
  if (ref === undefined) return '<none>'
  const slash = ref.apiVersion.indexOf('/')
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash)
  return `${(group === '' ? ref.kind : `${ref.kind}.${group}`).toLowerCase()}/${ref.name}`
}

/** `kubectl get controllerrevisions`. */
export const controllerRevisionPrinter: KindPrinter = {
  columns: () => ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
  row: (o, nowMs) => [name(o), controllerOf(o), String(num(o.revision)), ageOf(o, nowMs)],
}

/** `kubectl get endpointslices`: the first three ports and addresses, then ` + N more...`. */
export const endpointSlicePrinter: KindPrinter = {
  columns: () => ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
  row: (o, nowMs) => {
    const ports = list(o.ports).map(rec).map((p) => (typeof p.port === 'number' ? String(p.port) : str(p.name) || '*'))
    const addresses = list(o.endpoints).flatMap((e) => list(rec(e).addresses).map(str))
    return [name(o), str(o.addressType), listWithMore(ports, 3), listWithMore(addresses, 3), ageOf(o, nowMs)]
  },
}

/** `kubectl get leases`. */
export const leasePrinter: KindPrinter = {
  columns: () => ['NAME', 'HOLDER', 'AGE'],
  row: (o, nowMs) => [name(o), str(rec(o.spec).holderIdentity), ageOf(o, nowMs)],
}

