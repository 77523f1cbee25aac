import Foundation

/// Writes small files (reports, captions, posters) the way `OutputFile` writes media: to a hidden temporary
/// file beside the destination, renamed into place only when complete.
enum AtomicFile {
    /// Writes `data` to `path`, replacing any file there. Throws `MediaError.outputNotWritable`.
    static func write(_ data: Data, to path: String) throws(MediaError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temp = ((folder.isEmpty ? "." : folder) as NSString)
            .appendingPathComponent(".\(name).reel-tmp-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))")
        guard FileManager.default.createFile(atPath: temp, contents: data) else {
            throw .outputNotWritable(path: path, reason: "cannot create files in folder '\(folder.isEmpty ? "." : folder)'")
        }
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw .outputNotWritable(path: path, reason: reason)
        }
    }

    /// Removes the temporary files a killed run left for `path` (`.NAME.reel-tmp-*` beside it, and the muxer's
    /// own temporary files for those, `..NAME.reel-tmp-*`).
    static func removeLeftovers(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let prefix = ".\((path as NSString).lastPathComponent).reel-tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) || name.hasPrefix("." + prefix) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }
}

/// Files written under hidden names beside their final ones (`.NAME.reel-tmp-stage-*`), to be renamed into place by
/// the caller; `discard()` removes whatever was not renamed.
final class StagedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    /// A hidden name beside `final` that keeps its extension (the muxer picks the container from it).
    func name(for final: String) -> String {
        let folder = (final as NSString).deletingLastPathComponent
        let name = (final as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension
        let staged = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(
            ".\(name).reel-tmp-stage-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))" + (ext.isEmpty ? "" : ".\(ext)"))
        lock.withLock { paths.append(staged) }
        return staged
    }

    /// Writes `data` under a hidden name for `final` and returns that name. Throws `MediaError.outputNotWritable`.
    func write(_ data: Data, for final: String) throws(MediaError) -> String {
        let staged = name(for: final)
        guard FileManager.default.createFile(atPath: staged, contents: data) else {
            throw .outputNotWritable(path: final, reason: "cannot create files in folder '\((final as NSString).deletingLastPathComponent)'")
        }
        return staged
    }

    /// Removes the staged files still there (those renamed into place are gone from their hidden names).
    func discard() {
        for p in lock.withLock({ paths }) { unlink(p) }
    }
}
