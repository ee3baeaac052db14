/** Zero-padded 16-digit decimal keys sort in seq order as strings: seq 10 after 9. */
export const seqKey = (seq: number): string => String(seq).padStart(16, '0')

/** The per-object index key: object key, a NUL, the seq. NUL sorts before every other character. */
export const objectIndexKey = (objectKey: string, seq: number): string => `${objectKey}\u0000${seqKey(seq)}`
