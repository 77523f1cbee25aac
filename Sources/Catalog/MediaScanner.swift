import Foundation
import Media

/// Walks the paths given to an import and sorts what it finds: media files (with their sidecar captions),
/// and everything else, each with the reason it is skipped. Knows camera-card layouts.
public enum MediaScanner {
    /// A media file to import.
    public struct Found: Sendable, Equatable {
        /// The absolute path.
        public var path: String
        /// The folder given on the command line that the file was found under (the file's own folder when the
        /// file itself was given).
        public var root: String
        /// Caption files beside it with the same base name (`clip.srt`, `clip.vtt`, `clip.en.srt`), sorted.
        public var captionPaths: [String]

        /// The path below `root`, e.g. `PRIVATE/M4ROOT/CLIP/C0001.MP4`.
        public var relativePath: String {
            path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : (path as NSString).lastPathComponent
        }
    }

    /// What a walk found.
    public struct Result: Sendable {
        public var files: [Found] = []
        /// Files that are not media, with the reason.
        public var skipped: [ImportResult] = []
        /// Paths that do not exist or cannot be read.
        public var failed: [ImportResult] = []
        /// Camera cards recognised, for the report.
        public var notes: [String] = []
    }

    /// Extensions of the video and audio files Reel imports (lowercase, no dot).
    public static let mediaExtensions: Set<String> = [
        "mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "mts", "m2ts", "ts", "mxf", "mpg", "mpeg", "m2v", "vob", "3gp",
        "3g2", "wmv", "asf", "flv", "dv", "ogv", "wav", "mp3", "m4a", "aac", "flac", "ogg", "opus", "aif", "aiff", "caf",
    ]

    /// Files cameras write beside the clips, skipped with this reason.
    static let cameraSidecars: [String: String] = [
        "xml": "camera metadata (XML sidecar)", "thm": "camera thumbnail", "lrv": "GoPro low-resolution proxy",
        "bim": "camera metadata", "bin": "camera data", "cpi": "AVCHD clip information", "bdm": "AVCHD index",
        "mpl": "AVCHD playlist", "smi": "camera metadata", "ppn": "camera metadata", "ind": "camera index",
        "cif": "camera metadata", "bup": "DVD backup index", "ifo": "DVD index", "ctg": "camera catalogue",
        "jpg": "still photo", "jpeg": "still photo", "heic": "still photo", "dng": "still photo", "arw": "still photo",
        "cr2": "still photo", "cr3": "still photo", "png": "picture",
    ]

    /// Known camera-card folders and what they are.
    static let cardLayouts: [(path: String, name: String)] = [
        ("PRIVATE/M4ROOT/CLIP", "Sony XAVC card (PRIVATE/M4ROOT/CLIP)"),
        ("XDROOT/Clip", "Sony XDCAM card (XDROOT/Clip)"),
        ("PRIVATE/AVCHD/BDMV/STREAM", "AVCHD card (PRIVATE/AVCHD/BDMV/STREAM)"),
        ("CONTENTS/CLIPS001", "Canon XF card (CONTENTS/CLIPS001)"),
        ("DCIM", "camera card (DCIM)"),
    ]

    /// Walks each path (a file or a folder, recursively, in name order).
    public static func scan(_ paths: [String]) -> Result {
        var result = Result()
        var seen: Set<String> = []
        let fm = FileManager.default
        for given in paths {
            let root = Catalog.absolutePath(given)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDir) else {
                let missing = MediaError.missing(path: root)
                let detail = if case .brokenLink = missing { missing.reason } else { "no such file or folder" }
                result.failed.append(ImportResult(kind: .failed, path: given, detail: detail))
                continue
            }
            if !isDir.boolValue {
                let folder = (root as NSString).deletingLastPathComponent
                let siblings = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
                classify(root, root: folder, siblings: siblings, into: &result, seen: &seen, explicit: true)
                continue
            }
            for layout in cardLayouts where fm.fileExists(atPath: (root as NSString).appendingPathComponent(layout.path)) {
                result.notes.append("\(root): \(layout.name)")
            }
            guard let enumerator = fm.enumerator(atPath: root) else {
                result.failed.append(ImportResult(kind: .failed, path: given, detail: "cannot read the folder"))
                continue
            }
            var byFolder: [String: [String]] = [:]
            var files: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let full = (root as NSString).appendingPathComponent(relative)
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &sub) else { continue }
                if sub.boolValue {
                    // Skip hidden folders (.Trashes, .Spotlight-V100, .build…) entirely.
                    if (relative as NSString).lastPathComponent.hasPrefix(".") { enumerator.skipDescendants() }
                    continue
                }
                files.append(full)
                byFolder[(full as NSString).deletingLastPathComponent, default: []].append((full as NSString).lastPathComponent)
            }
            for file in files.sorted() {
                classify(file, root: root, siblings: byFolder[(file as NSString).deletingLastPathComponent] ?? [],
                         into: &result, seen: &seen, explicit: false)
            }
        }
        return result
    }

    /// What kind of thing `path` is when it is not a regular file (following symlinks): "a FIFO (named pipe)",
    /// "a socket", "a device"…; nil for a regular file or a folder, or when it cannot be examined.
    static func nonRegularKind(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }

    private static func classify(_ path: String, root: String, siblings: [String], into result: inout Result,
                                 seen: inout Set<String>, explicit: Bool) {
        guard seen.insert(path).inserted else { return }
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        if name.hasPrefix(".") {
            let why = name.hasPrefix("._") ? "hidden file (macOS resource fork)" : "hidden file"
            result.skipped.append(ImportResult(kind: .skipped, path: path, detail: why))
            return
        }
        if let kind = nonRegularKind(path) {
            // Opening a FIFO or a device to hash it would block or never end.
            result.skipped.append(ImportResult(kind: .skipped, path: path, detail: "not a regular file (\(kind))"))
            return
        }
        if mediaExtensions.contains(ext) {
            result.files.append(Found(path: path, root: root, captionPaths: captions(for: name, siblings: siblings, folder: (path as NSString).deletingLastPathComponent)))
            return
        }
        if CaptionFile.extensions.contains(ext) {
            // Used as a sidecar when a clip shares its name; otherwise reported.
            let bases: Set<String> = [captionBase(name), (name as NSString).deletingPathExtension.lowercased()]
            let hasClip = siblings.contains { sibling in
                let e = (sibling as NSString).pathExtension.lowercased()
                return mediaExtensions.contains(e) && bases.contains((sibling as NSString).deletingPathExtension.lowercased())
            }
            if !hasClip { result.skipped.append(ImportResult(kind: .skipped, path: path, detail: "caption file with no clip of the same name")) }
            return
        }
        let reason = cameraSidecars[ext] ?? (ext.isEmpty ? "not a media file (no extension)" : "not a media file (.\(ext))")
        result.skipped.append(ImportResult(kind: .skipped, path: path, detail: reason))
    }

    /// The clip base name a caption file belongs to: `clip.srt` and `clip.en.srt` both give `clip` (lowercased).
    static func captionBase(_ name: String) -> String {
        let stem = (name as NSString).deletingPathExtension
        let lang = (stem as NSString).pathExtension
        if !lang.isEmpty, lang.count <= 5, lang.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) {
            // `clip.en` or `clip.en-GB`, but not `clip.final` (too long) …
            return (stem as NSString).deletingPathExtension.lowercased()
        }
        return stem.lowercased()
    }

    private static func captions(for name: String, siblings: [String], folder: String) -> [String] {
        let base = (name as NSString).deletingPathExtension.lowercased()
        return siblings.filter { s in
            let e = (s as NSString).pathExtension.lowercased()
            guard CaptionFile.extensions.contains(e), nonRegularKind((folder as NSString).appendingPathComponent(s)) == nil else { return false }
            return (s as NSString).deletingPathExtension.lowercased() == base || captionBase(s) == base
        }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }
}
