import Foundation
import Media

/// Reads files in large blocks and computes their XXH64 checksum as it goes; also makes verified copies.
///
/// Reads use `read(2)` into a reused 4 MiB buffer, so a file is read once and no more than a buffer is held.
public enum ContentHasher {
    /// The block size for reads and writes, in bytes.
    public static let blockSize = 4 << 20

    /// The checksum (16 hex digits) and size in bytes of a file.
    ///
    /// Throws `ImportFailure` naming the path when the file cannot be opened or read.
    public static func checksum(ofFile path: String) throws -> (checksum: String, size: Int64) {
        let fd = try openRegularFile(path)
        defer { close(fd) }
        var hasher = XXH64()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, blockSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw ImportFailure(path: path, reason: "read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            size += Int64(n)
        }
        return (hasher.hexDigest(), size)
    }

    /// Opens `path` for reading without ever blocking on it: `O_NONBLOCK` so a FIFO with no writer cannot hang the
    /// open, then `fstat` refuses anything that is not a regular file, then blocking reads are restored.
    ///
    /// Throws `ImportFailure` naming the path ("not a regular file (a FIFO)", or the `open(2)` error).
    static func openRegularFile(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP || code == ENOENT { throw ImportFailure(path: path, reason: MediaError.missing(path: path).reason) }
            throw ImportFailure(path: path, reason: "cannot open: \(String(cString: strerror(code)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ImportFailure(path: path, reason: "cannot examine: \(reason)")
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw ImportFailure(path: path, reason: "not a regular file (\(MediaScanner.nonRegularKind(path) ?? "not a regular file"))")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// Copies `source` to `destination` and proves the copy: the bytes are hashed while copied into a temporary
    /// file beside the destination (`.NAME.reel-partial`), flushed to disk (`fsync`), read back and hashed again;
    /// only when both checksums equal `expected` is the temporary file renamed to `destination`.
    ///
    /// Nothing is left at `destination` or beside it on failure. Throws `ImportFailure` naming the path that
    /// failed (including a checksum mismatch: the source changed while being read, or the copy is corrupt).
    public static func verifiedCopy(from source: String, to destination: String, expected: String) throws {
        let folder = (destination as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ImportFailure(path: folder, reason: "cannot create the copy folder: \(error.localizedDescription)")
        }
        let temp = (folder as NSString).appendingPathComponent("." + (destination as NSString).lastPathComponent + ".reel-partial")
        var finished = false
        defer { if !finished { unlink(temp) } }
        let input = try openRegularFile(source)
        defer { close(input) }
        let output = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard output >= 0 else { throw ImportFailure(path: temp, reason: "cannot create: \(String(cString: strerror(errno)))") }
        var outputOpen = true
        defer { if outputOpen { close(output) } }
        var hasher = XXH64()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(input, buffer.baseAddress, blockSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw ImportFailure(path: source, reason: "read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            var written = 0
            while written < n {
                let w = write(output, buffer.baseAddress! + written, n - written)
                if w < 0 {
                    if errno == EINTR { continue }
                    throw ImportFailure(path: destination, reason: "write error: \(String(cString: strerror(errno)))")
                }
                written += w
            }
        }
        guard hasher.hexDigest() == expected else {
            throw ImportFailure(path: source, reason: "the file changed while it was being copied (checksum \(hasher.hexDigest()), expected \(expected))")
        }
        guard fsync(output) == 0 else {
            throw ImportFailure(path: destination, reason: "cannot flush the copy to disk: \(String(cString: strerror(errno)))")
        }
        // Drop the copy's pages from the cache so the re-read below comes from the disk, not from memory.
        _ = posix_fadvise(output, 0, 0, Int32(POSIX_FADV_DONTNEED))
        close(output)
        outputOpen = false
        let reread = try checksum(ofFile: temp)
        guard reread.checksum == expected else {
            throw ImportFailure(path: destination, reason: "copy verification failed: the copy's checksum \(reread.checksum) differs from the original's \(expected)")
        }
        guard rename(temp, destination) == 0 else {
            throw ImportFailure(path: destination, reason: "cannot rename the verified copy into place: \(String(cString: strerror(errno)))")
        }
        finished = true
        // Make the rename durable too.
        let dir = open(folder, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }
}
