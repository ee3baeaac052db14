/**
 * Reads a field by a path such as `status.readyReplicas`, `spec.template.spec.containers[0].image` or
 * `status.conditions[type=Available].status` (a list element chosen by one of its fields) or
 * `metadata.annotations["deployment.kubernetes.io/revision"]` (a key with dots, quoted).
 */
export const readPath = (value: unknown, path: string): unknown => {
  let cur: unknown = value
  const re = /([^.[\]]+)|\[([^\]]+)\]/g
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (cur === undefined || cur === null) return undefined
    if (m[1] !== undefined) {
      cur = (cur as Record<string, unknown>)[m[1]]
      continue
    }
    const sel = m[2]!
    if (/^".*"$|^'.*'$/.test(sel)) {
      cur = (cur as Record<string, unknown>)[sel.slice(1, -1)]
      continue
    }
    const eq = sel.indexOf('=')
    if (!Array.isArray(cur)) return undefined
    if (eq < 0) cur = cur[Number(sel)]
    else {
      const k = sel.slice(0, eq)
      const v = sel.slice(eq + 1)
      cur = cur.find((x) => String((x as Record<string, unknown>)?.[k]) === v)
    }
  }
  return cur
}
