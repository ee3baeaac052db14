/**
 * A value decoded on first use. A lazily loaded snapshot stores these in place of its objects, so that
 * loading it costs its indexes, not the decoding of every object: time travel decodes only the objects
 * somebody reads. `preview` is a partial value good enough for the reader that only needs part of it
 * (the state's index maintenance reads an object's kind, namespace, owners, node and uid, never more).
 */
export class Deferred<V> {
  private value: V | undefined
  private source: DeferredSource<V> | undefined

  constructor(
    source: DeferredSource<V>,
    private readonly index: number,
  ) {
    this.source = source
  }

  /** The whole value, decoded now if it was not yet. */
  get(): V {
    if (this.source !== undefined) {
      this.value = this.source.load(this.index)
      this.source = undefined
    }
    return this.value as V
  }

  /** The whole value when already decoded, otherwise its preview (never decodes). */
  peek(): V {
    return this.source === undefined ? (this.value as V) : this.source.preview(this.index)
  }
}

/** Where deferred values come from: the i-th value of one encoded batch, and its preview. */
export interface DeferredSource<V> {
  load(index: number): V
  preview(index: number): V
}

/** `v` itself, or the value a deferred `v` stands for. */
export const forced = <V>(v: V | Deferred<V>): V => (v instanceof Deferred ? v.get() : v)
