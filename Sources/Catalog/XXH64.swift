/// The XXH64 hash (xxHash, 64-bit, by Yann Collet), computed incrementally.
///
/// Chosen for the catalogue's content checksum because de-duplication and copy verification guard against
/// accidents (a re-imported card, a flipped bit in a copy), not against an adversary forging files: XXH64 runs
/// at memory speed, several times faster than SHA-256 or BLAKE2 in software, so hashing a card adds almost nothing
/// to reading it, and 64 bits make an accidental collision among a million clips about 1 in 37 million
/// (the catalogue also compares sizes). Implemented here in a few dozen lines rather than pulling in a package;
/// checked against the reference test vectors. Output matches `xxh64sum`.
public struct XXH64: Sendable {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64
    private var v4: UInt64
    private let seed: UInt64
    private var totalLength: UInt64 = 0
    /// Up to 31 bytes not yet consumed as a full 32-byte stripe.
    private var tail: [UInt8] = []

    /// Makes a value from its parts.
    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ XXH64.p1 &+ XXH64.p2
        v2 = seed &+ XXH64.p2
        v3 = seed
        v4 = seed &- XXH64.p1
        tail.reserveCapacity(32)
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always) private static func mergeRound(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        (acc ^ round(0, val)) &* p1 &+ p4
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        totalLength &+= UInt64(remaining)
        if !tail.isEmpty {
            let take = min(32 - tail.count, remaining)
            tail.append(contentsOf: UnsafeRawBufferPointer(start: p, count: take))
            p += take
            remaining -= take
            if tail.count < 32 { return }
            let block = tail
            block.withUnsafeBytes { consumeStripes($0.baseAddress!, count: 1) }
            tail.removeAll(keepingCapacity: true)
        }
        let stripes = remaining / 32
        if stripes > 0 {
            consumeStripes(p, count: stripes)
            p += stripes * 32
            remaining -= stripes * 32
        }
        if remaining > 0 { tail.append(contentsOf: UnsafeRawBufferPointer(start: p, count: remaining)) }
    }

    /// Adds bytes to the hash.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    @inline(__always) private mutating func consumeStripes(_ start: UnsafeRawPointer, count: Int) {
        var a = v1, b = v2, c = v3, d = v4
        var p = start
        for _ in 0..<count {
            a = XXH64.round(a, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
            b = XXH64.round(b, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            c = XXH64.round(c, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            d = XXH64.round(d, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            p += 32
        }
        v1 = a; v2 = b; v3 = c; v4 = d
    }

    /// The hash of everything added so far (the state is unchanged, so more can be added).
    public func digest() -> UInt64 {
        var h: UInt64
        if totalLength >= 32 {
            h = XXH64.rotl(v1, 1) &+ XXH64.rotl(v2, 7) &+ XXH64.rotl(v3, 12) &+ XXH64.rotl(v4, 18)
            h = XXH64.mergeRound(h, v1)
            h = XXH64.mergeRound(h, v2)
            h = XXH64.mergeRound(h, v3)
            h = XXH64.mergeRound(h, v4)
        } else {
            h = seed &+ XXH64.p5
        }
        h &+= totalLength
        tail.withUnsafeBytes { raw in
            var i = 0
            let n = raw.count
            while i + 8 <= n {
                let k = XXH64.round(0, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                h = XXH64.rotl(h ^ k, 27) &* XXH64.p1 &+ XXH64.p4
                i += 8
            }
            if i + 4 <= n {
                h ^= UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* XXH64.p1
                h = XXH64.rotl(h, 23) &* XXH64.p2 &+ XXH64.p3
                i += 4
            }
            while i < n {
                h ^= UInt64(raw[i]) &* XXH64.p5
                h = XXH64.rotl(h, 11) &* XXH64.p1
                i += 1
            }
        }
        h ^= h >> 33
        h &*= XXH64.p2
        h ^= h >> 29
        h &*= XXH64.p3
        h ^= h >> 32
        return h
    }

    /// The digest as 16 lowercase hex digits (big-endian, as `xxh64sum` prints it).
    public func hexDigest() -> String {
        let hex = String(digest(), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The hash of a whole buffer.
    public static func hash(_ bytes: some Sequence<UInt8>, seed: UInt64 = 0) -> UInt64 {
        var h = XXH64(seed: seed)
        h.update(bytes)
        return h.digest()
    }
}
