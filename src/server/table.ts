import { columnsFor, rowFor } from '../cli/printers/table.js'
import type { KObject } from '../model/meta.js'

/** The Table content type kubectl asks for with `as=Table;v=v1;g=meta.k8s.io`. */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io'

/** True when the Accept header asks for a meta.k8s.io Table. */
export const wantsTable = (accept: string | undefined): boolean =>
  (accept ?? '').split(',').some((p) => p.includes('as=Table') && p.includes('g=meta.k8s.io'))

/** `includeObject`: what each row carries (`Metadata` by default). */
export type IncludeObject = 'None' | 'Metadata' | 'Object'

/** Parses the `includeObject` query parameter. */
export const includeObjectOf = (q: string | undefined): IncludeObject => (q === 'None' || q === 'Object' ? q : 'Metadata')

/** Upstream column names that are not the title case of kubectl's upper-case header. */
const UPSTREAM_NAMES: Readonly<Record<string, string>> = {
  'CLUSTER-IP': 'Cluster-IP',
  'EXTERNAL-IP': 'External-IP',
  'INTERNAL-IP': 'Internal-IP',
  'OS-IMAGE': 'OS-Image',
  STORAGECLASS: 'StorageClass',
  VOLUMEATTRIBUTESCLASS: 'VolumeAttributesClass',
  VOLUMEMODE: 'VolumeMode',
  RECLAIMPOLICY: 'ReclaimPolicy',
  VOLUMEBINDINGMODE: 'VolumeBindingMode',
  ALLOWVOLUMEEXPANSION: 'AllowVolumeExpansion',
  MINPODS: 'MinPods',
  MAXPODS: 'MaxPods',
  ADDRESSTYPE: 'AddressType',
}

const titleCase = (header: string): string =>
  UPSTREAM_NAMES[header] ??
  header
    .toLowerCase()
    .split(' ')
    .map((w) => (w === 'ip' ? 'IP' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ')

/** Upstream-shaped `columnDefinitions`: the wide-only columns get priority 1. */
export const columnDefinitions = (kind: string) => {
  const narrow = new Set(columnsFor(kind, false))
  return columnsFor(kind, true).map((h, i) => ({
    name: titleCase(h),
    type: 'string',
    format: i === 0 ? 'name' : '',
    description: '',
    priority: narrow.has(h) ? 0 : 1,
  }))
}

const partial = (o: KObject) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })

/** One Table row: wide cells, plus the object as asked. */
export const tableRow = (o: KObject, nowMs: number, include: IncludeObject) => ({
  cells: rowFor(o, nowMs, true),
  ...(include === 'None' ? {} : { object: include === 'Object' ? o : partial(o) }),
})

/** A meta.k8s.io/v1 Table of objects of one kind. */
export const toTable = (kind: string, objects: readonly KObject[], nowMs: number, resourceVersion: string, include: IncludeObject) => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion },
  columnDefinitions: columnDefinitions(kind),
  rows: objects.map((o) => tableRow(o, nowMs, include)),
})
