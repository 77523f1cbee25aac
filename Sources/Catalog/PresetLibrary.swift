import Foundation
import Media
import Playlists
import Yams

/// The team's publishing presets, read from `Catalog/presets.yaml`.
///
/// Each top-level key is a preset name; see the comments at the top of the file for the fields. Every mistake is
/// reported with its line (`presets.yaml:14: 'crf' must be a whole number from 0 to 51`).
public struct PresetLibrary: Sendable, Equatable {
    /// Everything wrong with a presets file, one `FILE:LINE: message` per line.
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        /// (line, message) pairs; line is nil when the problem is not on one line.
        public var issues: [Issue]

        /// One problem in the file.
        public struct Issue: Sendable, Equatable {
            public var line: Int?
            public var message: String
        }

        public var description: String {
            issues.map { "\(path):\($0.line.map { "\($0):" } ?? "") \($0.message)" }.joined(separator: "\n")
        }
    }

    /// The presets, in file order.
    public var presets: [Preset]

    public init(presets: [Preset]) { self.presets = presets }

    /// The preset called `name` (case-insensitive), or nil.
    public func preset(named name: String) -> Preset? {
        presets.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The names, in file order.
    public var names: [String] { presets.map(\.name) }

    /// The presets file shipped with the repository (`Catalog/presets.yaml` under the current folder).
    public static let defaultPath = "Catalog/presets.yaml"

    /// Reads and checks a presets file. Throws `LoadError` (missing file, YAML syntax, unknown keys, bad values).
    public init(contentsOf path: String) throws(LoadError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, issues: [.init(line: nil, message: "no such file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoadError(path: path, issues: [.init(line: nil, message: "not UTF-8 text")])
        }
        try self.init(yaml: text, path: path)
    }

    /// Parses presets YAML; `path` only names the file in errors. Throws `LoadError`.
    public init(yaml: String, path: String = "presets.yaml") throws(LoadError) {
        var issues: [LoadError.Issue] = []
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            let issue = YAMLSupport.issue(for: error)
            throw LoadError(path: path, issues: [.init(line: issue.line, message: issue.message)])
        }
        guard let mapping = root?.mapping else {
            throw LoadError(path: path, issues: [.init(line: root?.mark?.line, message: "expected preset names at the top level (web-720p: …)")])
        }
        var presets: [Preset] = []
        for (key, value) in mapping {
            guard let name = key.string, !name.isEmpty else {
                issues.append(.init(line: key.mark?.line, message: "a preset name must be text"))
                continue
            }
            if presets.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                issues.append(.init(line: key.mark?.line, message: "preset '\(name)' is defined twice"))
                continue
            }
            if let preset = PresetLibrary.parse(name: name, node: value, issues: &issues) { presets.append(preset) }
        }
        if presets.isEmpty && issues.isEmpty { issues.append(.init(line: nil, message: "no presets defined")) }
        if !issues.isEmpty { throw LoadError(path: path, issues: issues) }
        self.presets = presets
    }

    private static func parse(name: String, node: Node, issues: inout [LoadError.Issue]) -> Preset? {
        let before = issues.count
        guard let fields = mappingFields(node, what: "preset '\(name)'", allowed: ["summary", "kind", "video", "audio", "loudness", "ladder", "segment", "chapters"], issues: &issues) else {
            return nil
        }
        let line = node.mark?.line
        let kindText = fields["kind"]?.string ?? "mp4"
        guard let kind = Preset.Kind(rawValue: kindText) else {
            issues.append(.init(line: fields["kind"]?.mark?.line ?? line, message: "unknown kind '\(kindText)' (use mp4, hls or audio)"))
            return nil
        }
        var video: Preset.Video? = nil
        if let v = fields["video"] {
            video = parseVideo(v, what: "'\(name)' video", issues: &issues)
        } else if kind != .audio {
            issues.append(.init(line: line, message: "preset '\(name)' needs 'video:' (box, crf…)"))
        }
        var audio = Preset.Audio()
        if let a = fields["audio"], let f = mappingFields(a, what: "'\(name)' audio", allowed: ["bitrate", "rate", "channels"], issues: &issues) {
            audio.bitRateKbps = number(f, "bitrate", range: 16...512, default: 160, issues: &issues)
            audio.sampleRate = number(f, "rate", range: 8000...96000, default: 48000, issues: &issues)
            audio.channels = number(f, "channels", range: 1...2, default: 2, issues: &issues)
        }
        var loudness = Preset.Loudness()
        if let l = fields["loudness"], let f = mappingFields(l, what: "'\(name)' loudness", allowed: ["integrated", "true-peak"], issues: &issues) {
            loudness.integratedLUFS = decimal(f, "integrated", range: -40 ... -5, default: -16, issues: &issues)
            loudness.truePeakDBTP = decimal(f, "true-peak", range: -9...0, default: -1, issues: &issues)
        }
        var renditions: [Preset.Rendition] = []
        if let ladder = fields["ladder"] {
            if let items = ladder.sequence {
                for item in items {
                    guard let f = mappingFields(item, what: "'\(name)' ladder step", allowed: ["name", "box", "crf", "maxrate", "bufsize", "audio-bitrate"], issues: &issues),
                        var v = parseVideo(item, what: "'\(name)' ladder step", issues: &issues, extra: ["name", "audio-bitrate"])
                    else { continue }
                    v.gopSeconds = video?.gopSeconds ?? 2
                    v.profile = video?.profile ?? "high"
                    v.speed = video?.speed ?? "veryfast"
                    guard let stepName = f["name"]?.string else {
                        issues.append(.init(line: item.mark?.line, message: "each ladder step needs a 'name' (1080p)"))
                        continue
                    }
                    renditions.append(Preset.Rendition(name: stepName, video: v, audioBitRateKbps: number(f, "audio-bitrate", range: 16...512, default: 128, issues: &issues)))
                }
            } else {
                issues.append(.init(line: ladder.mark?.line, message: "'ladder' must be a list of steps"))
            }
        }
        if kind == .hls && renditions.isEmpty { issues.append(.init(line: line, message: "an hls preset needs a 'ladder'")) }
        let segment = decimal(fields, "segment", range: 1...30, default: 6, issues: &issues)
        var keepsChapters = false
        if let c = fields["chapters"] {
            switch c.string {
            case "keep": keepsChapters = true
            case "drop": keepsChapters = false
            default: issues.append(.init(line: c.mark?.line, message: "'chapters' must be keep or drop"))
            }
        }
        guard issues.count == before else { return nil }
        return Preset(
            name: name, summary: fields["summary"]?.string ?? name, kind: kind, video: kind == .audio ? nil : video, audio: audio,
            loudness: loudness, renditions: renditions, segmentSeconds: segment, keepsChapters: keepsChapters)
    }

    private static func parseVideo(_ node: Node, what: String, issues: inout [LoadError.Issue], extra: [String] = []) -> Preset.Video? {
        guard let f = mappingFields(node, what: what, allowed: ["box", "crf", "maxrate", "bufsize", "gop", "profile", "speed"] + extra, issues: &issues) else {
            return nil
        }
        var width: Int? = nil
        var height: Int? = nil
        if let box = f["box"] {
            let text = box.string ?? ""
            if text != "source" {
                let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
                if parts.count == 2, parts[0] >= 16, parts[1] >= 16 {
                    width = parts[0]
                    height = parts[1]
                } else {
                    issues.append(.init(line: box.mark?.line, message: "'box' must be WIDTHxHEIGHT (1280x720) or 'source'"))
                }
            }
        } else {
            issues.append(.init(line: node.mark?.line, message: "\(what) needs 'box' (1280x720 or source)"))
        }
        let crf = number(f, "crf", range: 0...51, default: 23, issues: &issues)
        let maxRate: Int? = f["maxrate"] == nil ? nil : number(f, "maxrate", range: 100...100_000, default: 0, issues: &issues)
        let buffer: Int? = f["bufsize"] == nil ? nil : number(f, "bufsize", range: 100...200_000, default: 0, issues: &issues)
        let gop = decimal(f, "gop", range: 0.1...20, default: 2, issues: &issues)
        let profile = f["profile"]?.string ?? "high"
        if !["baseline", "main", "high"].contains(profile) {
            issues.append(.init(line: f["profile"]?.mark?.line, message: "'profile' must be baseline, main or high"))
        }
        let speeds = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]
        let speed = f["speed"]?.string ?? "veryfast"
        if !speeds.contains(speed) {
            issues.append(.init(line: f["speed"]?.mark?.line, message: "'speed' must be one of \(speeds.joined(separator: ", "))"))
        }
        return Preset.Video(
            maxWidth: width, maxHeight: height, crf: crf, maxRateKbps: maxRate, bufferKbits: buffer, gopSeconds: gop, profile: profile,
            speed: speed)
    }

    private static func mappingFields(_ node: Node, what: String, allowed: [String], issues: inout [LoadError.Issue]) -> [String: Node]? {
        guard let mapping = node.mapping else {
            issues.append(.init(line: node.mark?.line, message: "\(what) must be a mapping of fields"))
            return nil
        }
        var out: [String: Node] = [:]
        for (k, v) in mapping {
            let key = k.string ?? "?"
            if !allowed.contains(key) {
                issues.append(.init(line: k.mark?.line, message: "unknown field '\(key)' in \(what) (expected \(allowed.joined(separator: ", ")))"))
            }
            out[key] = v
        }
        return out
    }

    private static func number(_ f: [String: Node], _ key: String, range: ClosedRange<Int>, default value: Int, issues: inout [LoadError.Issue]) -> Int {
        guard let node = f[key] else { return value }
        guard let n = node.int, range.contains(n) else {
            issues.append(.init(line: node.mark?.line, message: "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return value
        }
        return n
    }

    private static func decimal(_ f: [String: Node], _ key: String, range: ClosedRange<Double>, default value: Double, issues: inout [LoadError.Issue]) -> Double {
        guard let node = f[key] else { return value }
        guard let n = node.float ?? node.int.map(Double.init), range.contains(n) else {
            issues.append(.init(line: node.mark?.line, message: "'\(key)' must be a number from \(range.lowerBound) to \(range.upperBound)"))
            return value
        }
        return n
    }
}
