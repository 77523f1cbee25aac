import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes finished images atomically: `<dir>/.<name>.tmp-XXXXXX`, then a rename (or a link when the
/// destination must not be replaced), so a reader never sees half a file and a failure leaves nothing behind.
enum ImageFileWriter {
    /// Checks that `path` can be written before any work is done: its folder exists and is writable, it is not
    /// a folder itself, and (unless `overwrite`) nothing is there yet.
    static func checkDestination(_ path: String, overwrite: Bool) throws(MediaError) {
        let folder = folderOf(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .outputNotWritable(path: path, reason: "it is a folder, not a file name") }
            if !overwrite { throw .outputExists(path: path) }
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw .outputNotWritable(path: path, reason: "the folder \(folder) does not exist")
        }
        guard isDirectory.boolValue else {
            throw .outputNotWritable(path: path, reason: "\(folder) is not a folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .outputNotWritable(path: path, reason: "the folder \(folder) is not writable")
        }
    }

    /// Writes `data` to `path` through a temporary file in the same folder.
    ///
    /// Throws `MediaError.outputNotWritable` or `.outputExists`; the temporary file is removed on every failure.
    static func write(_ data: Data, to path: String, overwrite: Bool) throws(MediaError) {
        try checkDestination(path, overwrite: overwrite)
        let folder = folderOf(path)
        let name = (path as NSString).lastPathComponent
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, folder: folder, errno: errno) }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var finished = false
        defer { if !finished { unlink(temp) } }

        var writeError: Int32 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    writeError = errno
                    return
                }
                offset += n
            }
        }
        if writeError == 0, fsync(fd) != 0 { writeError = errno }
        fchmod(fd, 0o644)
        if close(fd) != 0, writeError == 0 { writeError = errno }
        if writeError != 0 { throw failure(path, folder: folder, errno: writeError) }

        if overwrite {
            guard rename(temp, path) == 0 else { throw failure(path, folder: folder, errno: errno) }
        } else {
            // link() refuses an existing destination atomically; the temporary name is then dropped.
            if link(temp, path) == 0 {
                unlink(temp)
            } else {
                let e = errno
                if e == EEXIST { throw .outputExists(path: path) }
                guard e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EXDEV else {
                    throw failure(path, folder: folder, errno: e)
                }
                // A file system without hard links: check, then rename.
                if FileManager.default.fileExists(atPath: path) { throw .outputExists(path: path) }
                guard rename(temp, path) == 0 else { throw failure(path, folder: folder, errno: errno) }
            }
        }
        finished = true
    }

    /// The folder a path's file lives in (`.` for a bare name).
    static func folderOf(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
        #else
        return Darwin.write(fd, buffer, count)
        #endif
    }

    private static func failure(_ path: String, folder: String, errno code: Int32) -> MediaError {
        switch code {
        case EACCES, EPERM, EROFS: return .outputNotWritable(path: path, reason: "the folder \(folder) is not writable")
        case ENOENT:
            if FileManager.default.fileExists(atPath: folder) {
                return .outputNotWritable(path: path, reason: "the folder \(folder) does not accept new files")
            }
            return .outputNotWritable(path: path, reason: "the folder \(folder) does not exist")
        case ENOTDIR: return .outputNotWritable(path: path, reason: "\(folder) is not a folder")
        case ENOSPC: return .outputNotWritable(path: path, reason: "the disk is full")
        default: return .outputNotWritable(path: path, reason: String(cString: strerror(code)))
        }
    }
}
