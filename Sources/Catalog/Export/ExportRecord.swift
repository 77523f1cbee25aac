import Foundation
import Playlists

/// What `playlist export` wrote into a folder: `.reel-exports.json` there maps each exported file's name to the
/// XXH64 of what was written, so a later export replaces only its own, unchanged files and never a user's.
enum ExportRecord {
    static let fileName = ".reel-exports.json"

    /// Whether an export may write `path`: nothing is there, or the record beside it shows Reel wrote exactly
    /// what is there now.
    static func mayReplace(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return true }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else { return false }
        let name = (path as NSString).lastPathComponent
        return load(folder: (path as NSString).deletingLastPathComponent)[name] == hash(data)
    }

    /// Records that `data` was written to `path`. Throws `PlaylistError.cannotWrite`.
    static func record(_ path: String, data: Data) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var records = load(folder: folder)
        records[(path as NSString).lastPathComponent] = hash(data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let target = (folder as NSString).appendingPathComponent(fileName)
        do {
            try encoder.encode(records).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw PlaylistError.cannotWrite(path: target, reason: error.localizedDescription)
        }
    }

    static func load(folder: String) -> [String: String] {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }

    static func hash(_ data: Data) -> String { String(format: "%016llx", XXH64.hash(data)) }
}
