import { Deferred, forced } from './deferred.js'
import { fnv1a32 } from './hash.js'

const SHARD_BITS = 6
const SHARDS = 1 << SHARD_BITS

const shardOf = (key: string): number => fnv1a32(key) & (SHARDS - 1)

/** What readers of a map need: both a committed `CowMap` and a `CowDraft` being written provide it. */
export interface ReadMap<V> {
  readonly size: number
  get(key: string): V | undefined
  has(key: string): boolean
  entries(): IterableIterator<[string, V]>
  values(): IterableIterator<V>
  keys(): IterableIterator<string>
}

/** A shard: values, some of which may be {@link Deferred} (a lazily loaded snapshot's objects). */
type Shard<V> = ReadonlyMap<string, V | Deferred<V>>

const emptyShards = <V>(): Map<string, V | Deferred<V>>[] => Array.from({ length: SHARDS }, () => new Map<string, V | Deferred<V>>())

/**
 * A persistent string-keyed map, sharded so that a batch of writes copies only the shards it touches.
 * This is how the state is copied once per step rather than once per event (STYLE.md rule 12): a step
 * that changes 500 of 10,000 pods copies at most 64 small shards, never the whole map.
 */
export class CowMap<V> implements ReadMap<V> {
  /** @internal Use {@link CowMap.empty}, {@link CowMap.from} or a draft's `commit`. */
  constructor(
    private readonly shards: ReadonlyArray<Shard<V>>,
    /** Number of entries. */
    readonly size: number,
  ) {}

  static empty<V>(): CowMap<V> {
    return new CowMap<V>(emptyShards<V>(), 0)
  }

  static from<V>(entries: Iterable<readonly [string, V]>): CowMap<V> {
    const d = CowMap.empty<V>().draft()
    for (const [k, v] of entries) d.set(k, v)
    return d.commit()
  }

  /** Takes the entries of `m` in order (one hash per key, no draft): for building a large map at once. */
  static fromMap<V>(m: ReadonlyMap<string, V>): CowMap<V> {
    const fill = CowMap.shardsToFill<V>()
    for (const [k, v] of m) fill.set(k, v)
    return fill.build()
  }

  /** Shards being filled directly, for a map built at once from distinct keys (no draft bookkeeping). */
  static shardsToFill<V>(): { readonly set: (key: string, value: V | Deferred<V>) => void; readonly build: () => CowMap<V> } {
    const shards = emptyShards<V>()
    let size = 0
    return {
      set: (key, value) => {
        const shard = shards[shardOf(key)]!
        if (!shard.has(key)) size++
        shard.set(key, value)
      },
      build: () => new CowMap<V>(shards, size),
    }
  }

  get(key: string): V | undefined {
    const v = this.shards[shardOf(key)]!.get(key)
    return v instanceof Deferred ? v.get() : v
  }

  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key)
  }

  entries(): IterableIterator<[string, V]> {
    return entriesOf(this.shards)
  }

  values(): IterableIterator<V> {
    return valuesOf(this.shards)
  }

  *keys(): IterableIterator<string> {
    for (const shard of this.shards) yield* shard.keys()
  }

  /** A mutable working copy; shards are copied on their first write. */
  draft(): CowDraft<V> {
    return new CowDraft(this.shards, this.size)
  }
}

/** The transient side of {@link CowMap}: mutate freely, then `commit` once. */
export class CowDraft<V> implements ReadMap<V> {
  private readonly shards: Shard<V>[]
  private readonly owned = new Uint8Array(SHARDS)

  constructor(
    base: ReadonlyArray<Shard<V>>,
    private count: number,
  ) {
    this.shards = base.slice()
  }

  get size(): number {
    return this.count
  }

  get(key: string): V | undefined {
    const v = this.shards[shardOf(key)]!.get(key)
    return v instanceof Deferred ? v.get() : v
  }

  /** Like `get`, but a value not decoded yet comes as its preview (see {@link Deferred.peek}). */
  peek(key: string): V | undefined {
    const v = this.shards[shardOf(key)]!.get(key)
    return v instanceof Deferred ? v.peek() : v
  }

  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key)
  }

  set(key: string, value: V): void {
    const shard = this.writable(shardOf(key))
    if (!shard.has(key)) this.count++
    shard.set(key, value)
  }

  delete(key: string): void {
    const i = shardOf(key)
    if (!this.shards[i]!.has(key)) return
    this.writable(i).delete(key)
    this.count--
  }

  values(): IterableIterator<V> {
    return valuesOf(this.shards)
  }

  entries(): IterableIterator<[string, V]> {
    return entriesOf(this.shards)
  }

  *keys(): IterableIterator<string> {
    for (const shard of this.shards) yield* shard.keys()
  }

  commit(): CowMap<V> {
    // After a commit every shard is shared with the committed map, so the next write copies again.
    this.owned.fill(0)
    return new CowMap(this.shards.slice(), this.count)
  }

  private writable(i: number): Map<string, V | Deferred<V>> {
    if (this.owned[i] === 0) {
      this.shards[i] = new Map(this.shards[i])
      this.owned[i] = 1
    }
    return this.shards[i] as Map<string, V | Deferred<V>>
  }
}

function* valuesOf<V>(shards: ReadonlyArray<Shard<V>>): IterableIterator<V> {
  for (const shard of shards) for (const v of shard.values()) yield forced(v)
}

function* entriesOf<V>(shards: ReadonlyArray<Shard<V>>): IterableIterator<[string, V]> {
  for (const shard of shards) for (const [k, v] of shard.entries()) yield [k, forced(v)]
}
