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

    /// Removes the temporary files a killed run left for `path` (`.NAME.reel-tmp-*` beside it).
    static func removeLeftovers(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let prefix = ".\((path as NSString).lastPathComponent).reel-tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }
}
