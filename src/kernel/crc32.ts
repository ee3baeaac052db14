// CRC-32 (IEEE 802.3, the polynomial zlib and gzip use), table driven. Node 20 has no zlib.crc32.
const TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32 of a string's UTF-16 code units, taken as bytes when < 256 and as two bytes otherwise. */
export const crc32 = (s: string): number => {
  let c = 0xffffffff
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    if (code < 256) {
      c = TABLE[(c ^ code) & 0xff]! ^ (c >>> 8)
    } else {
      c = TABLE[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8)
      c = TABLE[(c ^ (code & 0xff)) & 0xff]! ^ (c >>> 8)
    }
  }
  return (c ^ 0xffffffff) >>> 0
}

/** The checksum as 8 lowercase hex digits. */
export const crc32Hex = (s: string): string => crc32(s).toString(16).padStart(8, '0')
