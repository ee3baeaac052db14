import type { LogError } from '../ports/eventLog.js'

/** What the remote adapters need to reach a running `reel serve`: its base URL and who is asking. */
export interface RemoteTarget {
  /** `http://127.0.0.1:8001`, no trailing slash. */
  readonly url: string
  /** Sent as `Authorization: Bearer <token>`; the server attributes writes to `user:<token>`. */
  readonly token?: string
}

/** A failed call to the server, as a storage-boundary error value. */
export class RemoteError extends Error {
  constructor(readonly error: LogError) {
    super(error._tag === 'Io' || error._tag === 'Locked' ? error.message : error._tag)
  }
}

const headersOf = (target: RemoteTarget, extra: Record<string, string> = {}): Record<string, string> => ({
  ...(target.token !== undefined ? { authorization: `Bearer ${target.token}` } : {}),
  ...extra,
})

/** The body of a refusal (a Kubernetes Status carries `message`), for the error line. */
const reasonOf = async (res: Response): Promise<string> => {
  const text = await res.text()
  try {
    const j = JSON.parse(text) as { message?: unknown }
    if (typeof j.message === 'string') return j.message
  } catch {
    // not JSON: the text itself is the reason
  }
  return text.slice(0, 200)
}

/**
 * One HTTP call to the server; resolves the response when it is 2xx, throws a {@link RemoteError}
 * (an `Io` LogError naming the server) when the server is unreachable or refuses.
 */
export const call = async (target: RemoteTarget, path: string, init: { method?: string; body?: string } = {}): Promise<Response> => {
  let res: Response
  try {
    res = await fetch(`${target.url}${path}`, {
      method: init.method ?? 'GET',
      headers: headersOf(target, init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
    })
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? String(err)
    throw new RemoteError({ _tag: 'Io', message: `the server at ${target.url} does not answer (${cause})` })
  }
  if (!res.ok) throw new RemoteError({ _tag: 'Io', message: `the server at ${target.url} refused ${path.split('?')[0]}: ${res.status} ${await reasonOf(res)}` })
  return res
}

/** GET (or POST with a JSON body) and parse the JSON answer. */
export const callJson = async <A>(target: RemoteTarget, path: string, init: { method?: string; body?: string } = {}): Promise<A> =>
  (await (await call(target, path, init)).json()) as A
