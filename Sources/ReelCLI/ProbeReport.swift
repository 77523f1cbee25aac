import Foundation
import Media

/// The JSON shape of `reel probe --json`: stable names scripts rely on; what does not apply is omitted.
struct ProbeReport: Encodable {
    struct Stream: Encodable {
        var index: Int
        var type: String
        var codec: String
        var profile: String?
        var bitRate: Int64?
        var language: String?
        var title: String?
        var disposition: [String]
        var duration: Double?
        var frameCount: Int64?
        // Video
        var width: Int?
        var height: Int?
        var sampleAspectRatio: String?
        var displayAspectRatio: String?
        var pixelFormat: String?
        var bitDepth: Int?
        var rotation: Int?
        var displayWidth: Int?
        var displayHeight: Int?
        var frameRate: Double?
        var averageFrameRate: String?
        var realFrameRate: String?
        var variableFrameRate: Bool?
        var fieldOrder: String?
        var colorPrimaries: String?
        var colorTransfer: String?
        var colorSpace: String?
        var hdr: Bool?
        // Audio
        var channels: Int?
        var channelLayout: String?
        var sampleRate: Int?
        var sampleFormat: String?
    }

    struct ChapterReport: Encodable {
        var start: Double
        var end: Double
        var title: String?
    }

    var path: String
    var container: String
    var containerLongName: String
    var duration: Double?
    var size: Int64
    var bitRate: Int64?
    var startTime: Double?
    var creationTime: String?
    var make: String?
    var model: String?
    var encoder: String?
    var location: String?
    var timecode: String?
    var tags: [String: String]
    var chapters: [ChapterReport]
    var streams: [Stream]

    init(_ info: MediaInfo) {
        path = info.path
        container = info.container
        containerLongName = info.containerLongName
        duration = info.duration.map { ProbeReport.round($0.seconds) }
        size = info.size
        bitRate = info.bitRate
        startTime = info.startTime.map { ProbeReport.round($0.seconds) }
        creationTime = info.creationTime.map { ISO8601DateFormatter().string(from: $0) }
        make = info.make
        model = info.model
        encoder = info.encoder
        location = info.location
        timecode = info.timecode
        tags = info.tags
        chapters = info.chapters.map { ChapterReport(start: ProbeReport.round($0.start.seconds), end: ProbeReport.round($0.end.seconds), title: $0.title) }
        streams = info.streams.map { s in
            var r = Stream(
                index: s.index, type: s.type.rawValue, codec: s.codec, profile: s.profile, bitRate: s.bitRate,
                language: s.language, title: s.title, disposition: s.disposition.names,
                duration: s.duration.map { ProbeReport.round($0.seconds) }, frameCount: s.frameCount)
            if let v = s.video {
                r.width = v.width
                r.height = v.height
                r.sampleAspectRatio = "\(v.sampleAspectRatio.numerator):\(v.sampleAspectRatio.denominator)"
                r.displayAspectRatio = "\(v.displayAspectRatio.numerator):\(v.displayAspectRatio.denominator)"
                r.pixelFormat = v.pixelFormat
                r.bitDepth = v.bitDepth
                r.rotation = v.rotation
                r.displayWidth = v.displayWidth
                r.displayHeight = v.displayHeight
                r.frameRate = ProbeReport.round(v.frameRate.doubleValue)
                r.averageFrameRate = v.averageFrameRate.description
                r.realFrameRate = v.realFrameRate.description
                r.variableFrameRate = v.variableFrameRate
                r.fieldOrder = v.fieldOrder.rawValue
                r.colorPrimaries = v.colorPrimaries
                r.colorTransfer = v.colorTransfer
                r.colorSpace = v.colorSpace
                r.hdr = v.hdr
            }
            if let a = s.audio {
                r.channels = a.channels
                r.channelLayout = a.channelLayout
                r.sampleRate = a.sampleRate
                r.sampleFormat = a.sampleFormat
            }
            return r
        }
    }

    static func round(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}

/// The readable form of `reel probe`.
enum ProbeTable {
    static func render(_ info: MediaInfo) -> String {
        var lines: [String] = []
        lines.append(info.path)
        var head = "  \(info.containerLongName.isEmpty ? info.container : info.containerLongName)"
        head += " · \(info.duration.map(\.clockString) ?? "duration unknown")"
        head += " · \(formatBytes(info.size))"
        if let br = info.bitRate { head += " · \(formatBitRate(br))" }
        lines.append(head)
        var facts: [String] = []
        if let t = info.creationTime { facts.append("recorded \(ISO8601DateFormatter().string(from: t))") }
        if let m = [info.make, info.model].compactMap({ $0 }).joined(separator: " ").nilIfEmpty { facts.append(m) }
        if let e = info.encoder { facts.append("encoder \(e)") }
        if let l = info.location { facts.append("location \(l)") }
        if let tc = info.timecode { facts.append("timecode \(tc)") }
        if let s = info.startTime, s.seconds != 0 { facts.append("starts at \(s.clockString)") }
        if !info.chapters.isEmpty { facts.append("\(info.chapters.count) chapters") }
        if !facts.isEmpty { lines.append("  " + facts.joined(separator: " · ")) }
        for s in info.streams {
            var parts = ["#\(s.index) \(s.type.rawValue)", s.codec + (s.profile.map { " (\($0))" } ?? "")]
            if let v = s.video {
                var size = "\(v.width)×\(v.height)"
                if v.rotation != 0 || v.displayWidth != v.width || v.displayHeight != v.height {
                    size += " → shown \(v.displayWidth)×\(v.displayHeight)"
                }
                parts.append(size)
                if v.rotation != 0 { parts.append("rotated \(v.rotation)°") }
                parts.append(String(format: "%.3g fps", v.frameRate.doubleValue) + (v.variableFrameRate ? " VARIABLE" : ""))
                parts.append("\(v.pixelFormat) \(v.bitDepth)-bit")
                if v.fieldOrder.isInterlaced { parts.append("INTERLACED (\(v.fieldOrder.label))") }
                if v.hdr { parts.append("HDR (\(v.colorTransfer ?? "?"))") }
            }
            if let a = s.audio {
                parts.append("\(a.sampleRate) Hz")
                parts.append(a.channelLayout ?? "\(a.channels) ch")
                parts.append(a.sampleFormat)
            }
            if let br = s.bitRate { parts.append(formatBitRate(br)) }
            if let l = s.language { parts.append("[\(l)]") }
            if let t = s.title { parts.append("“\(t)”") }
            let d = s.disposition.names.filter { $0 != "default" }
            if !d.isEmpty { parts.append(d.joined(separator: ",")) }
            lines.append("  " + parts.joined(separator: " · "))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
