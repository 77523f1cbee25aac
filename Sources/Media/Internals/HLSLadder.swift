internal import CFFmpeg
import Foundation

/// Plans and describes an HLS ladder: which renditions a source gets, the libx264 and `hls` muxer settings that
/// make every rendition cut into the same segments, and the master playlist that lists them.
///
/// Every rendition is encoded by its own `Transcoder` run into `<folder>/<rung>/index.m3u8` + `seg_000.ts`…;
/// `master.m3u8` is written here rather than by the muxer, so its `BANDWIDTH` values are measured from the
/// segments actually written.
enum HLSLadder {
    /// One rendition planned for one source: the ladder step and the picture size it gives.
    struct Rung: Equatable {
        var rendition: Preset.Rendition
        /// The output picture size (upright, even, never larger than the source).
        var width: Int
        var height: Int

        /// The rendition's name in the output (its folder, the report): the ladder step's name, except that a
        /// portrait picture under a `NNNp` step is named by its real height (`1280p` for 720×1280, `640p` for
        /// 360×640), since `720p` means 720 lines and players and people read it so.
        var name: String {
            let step = rendition.name
            let isLines = step.count > 1 && step.hasSuffix("p") && step.dropLast().allSatisfy(\.isASCII) && Int(step.dropLast()) != nil
            return height > width && isLines ? "\(height)p" : step
        }
    }

    /// What one finished rendition holds, read back from its playlist and segment files.
    struct Variant: Equatable {
        var rung: Rung
        /// The playlist's path relative to the master playlist (`720p/index.m3u8`).
        var uri: String
        /// `#EXTINF` durations of the segments, in seconds, in order.
        var segmentDurations: [Double]
        /// Sizes of the segment files in bytes, in the same order.
        var segmentBytes: [Int64]
        /// `#EXT-X-TARGETDURATION`, in whole seconds.
        var targetDuration: Int
        /// The RFC 6381 codec list (`avc1.640028,mp4a.40.2`).
        var codecs: String

        /// The highest bit rate of any one segment, in bits per second (the playlist's `BANDWIDTH`).
        var peakBandwidth: Int {
            zip(segmentBytes, segmentDurations).map { $1 > 0 ? Int((Double($0) * 8 / $1).rounded(.up)) : 0 }.max() ?? 0
        }

        /// Total bits over total duration, in bits per second (`AVERAGE-BANDWIDTH`).
        var averageBandwidth: Int {
            let seconds = segmentDurations.reduce(0, +)
            return seconds > 0 ? Int((Double(segmentBytes.reduce(0, +)) * 8 / seconds).rounded(.up)) : 0
        }
    }

    /// The renditions `preset` gives the video stream `st`, largest first, at least one.
    ///
    /// Nothing is scaled up: a rung whose box holds the whole source would encode it at the source's own size,
    /// so of all the rungs that come out at one size only the smallest step (lowest bit rate) is kept. A 640×360
    /// source therefore gets one rendition, named after the smallest step, at 640×360; a portrait one is named by
    /// its height (`Rung.name`).
    static func rungs(for st: UnsafeMutablePointer<AVStream>, preset: Preset) -> [Rung] {
        var planned: [Rung] = []
        for rendition in preset.renditions {
            var scratch = PublishDecisions()
            _ = PublishPlanner.videoFilter(st, video: rendition.video, into: &scratch)
            let rung = Rung(rendition: rendition, width: scratch.outputWidth, height: scratch.outputHeight)
            if let same = planned.firstIndex(where: { $0.width == rung.width && $0.height == rung.height }) {
                if rendition.video.maxRateKbps ?? Int.max <= planned[same].rendition.video.maxRateKbps ?? Int.max {
                    planned[same] = rung
                }
            } else {
                planned.append(rung)
            }
        }
        return planned.sorted { $0.width * $0.height > $1.width * $1.height }
    }

    /// Seconds between keyframes: the preset's GOP when it divides the segment length, else the largest
    /// fraction of the segment no longer than it, so every segment starts on a keyframe.
    static func keyframeSeconds(gop: Double, segment: Double) -> Double {
        guard gop > 0, segment > 0 else { return max(segment, 1) }
        let perSegment = max(1, (segment / gop).rounded(.up))
        return segment / perSegment
    }

    /// libx264 settings that put a keyframe (IDR) on every `segmentSeconds` boundary of the output clock and at
    /// most `frames` frames apart, and nowhere else (`scenecut=0`, closed GOPs), merged into `settings`.
    ///
    /// The boundaries are forced by time (`forcedKeyframeInterval`), not counted in frames, so every rendition of a
    /// variable-frame-rate source still cuts its segments at the same instants.
    static func alignKeyframes(_ settings: EncoderSettings, frames: Int, segmentSeconds: Double) -> EncoderSettings {
        var s = settings
        if segmentSeconds > 0 { s.forcedKeyframeInterval = try? MediaTime(seconds: segmentSeconds) }
        s.options["forced-idr"] = "1"
        s.options["g"] = "\(frames)"
        s.options["keyint_min"] = "\(frames)"
        s.options["sc_threshold"] = "0"
        s.options["x264-params"] = "scenecut=0:open-gop=0:keyint=\(frames):min-keyint=\(frames)"
        return s
    }

    /// Options for libavformat's `hls` muxer: VOD playlist, `segment`-second MPEG-TS segments named
    /// `<folder>/seg_000.ts`…, each starting with a keyframe.
    static func muxerOptions(segmentSeconds: Double, folder: String) -> [String: String] {
        [
            "hls_time": String(format: "%g", segmentSeconds),
            "hls_playlist_type": "vod",
            "hls_list_size": "0",
            "hls_segment_type": "mpegts",
            "hls_flags": "independent_segments",
            "hls_segment_filename": (folder as NSString).appendingPathComponent("seg_%03d.ts"),
        ]
    }

    /// Reads a finished variant back: segment durations from its playlist, sizes from the segment files, the
    /// codec string from the first segment's SPS (plus AAC-LC `mp4a.40.2` when `hasAudio`). Throws `MediaError.ffmpeg` when the playlist is unreadable.
    static func variant(rung: Rung, playlist: String, uri: String, hasAudio: Bool) throws(MediaError) -> Variant {
        guard let text = try? String(contentsOfFile: playlist, encoding: .utf8) else {
            throw .ffmpeg(path: playlist, operation: "reading the variant playlist", error: .invalidData)
        }
        let folder = (playlist as NSString).deletingLastPathComponent
        var durations: [Double] = []
        var sizes: [Int64] = []
        var target = 0
        var pending: Double? = nil
        var firstSegment: String? = nil
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#EXT-X-TARGETDURATION:") {
                target = Int(line.dropFirst("#EXT-X-TARGETDURATION:".count)) ?? 0
            } else if line.hasPrefix("#EXTINF:") {
                pending = Double(line.dropFirst("#EXTINF:".count).split(separator: ",").first ?? "")
            } else if !line.isEmpty, !line.hasPrefix("#"), let duration = pending {
                let segment = (folder as NSString).appendingPathComponent(line)
                let size = (try? FileManager.default.attributesOfItem(atPath: segment)[.size] as? NSNumber)?.int64Value ?? 0
                durations.append(duration)
                sizes.append(size)
                if firstSegment == nil { firstSegment = segment }
                pending = nil
            }
        }
        guard let firstSegment, !durations.isEmpty else {
            throw .ffmpeg(path: playlist, operation: "reading the variant playlist (no segments)", error: .invalidData)
        }
        let video = try videoCodecString(segment: firstSegment)
        return Variant(
            rung: rung, uri: uri, segmentDurations: durations, segmentBytes: sizes, targetDuration: target,
            codecs: hasAudio ? "\(video),mp4a.40.2" : video)
    }

    /// `avc1.PPCCLL` for the first H.264 stream of `segment`: profile, constraint flags and level copied from the
    /// first sequence parameter set in its first video packet (`av_read_frame`), else from the stream's profile
    /// and level with no constraint flags.
    static func videoCodecString(segment: String) throws(MediaError) -> String {
        let input = try InputFile(path: segment)
        guard let v = input.bestVideoStream() else { throw .noVideoStream(path: segment) }
        let packet = Packet()
        var budget = 64
        while budget > 0 {
            budget -= 1
            let more: Bool
            do { more = try input.read(into: packet) } catch { break }
            guard more else { break }
            defer { packet.unref() }
            guard packet.streamIndex == v, let data = packet.pointer.pointee.data else { continue }
            let bytes = UnsafeBufferPointer(start: data, count: Int(packet.pointer.pointee.size))
            if let sps = spsPrefix(in: bytes) { return String(format: "avc1.%02x%02x%02x", sps.0, sps.1, sps.2) }
            break
        }
        let par = input.stream(v).pointee.codecpar.pointee
        let profile = max(0, Int(par.profile) & 0xff)
        let level = max(0, Int(par.level))
        return String(format: "avc1.%02x00%02x", profile, level)
    }

    /// Profile, constraint flags and level: the three bytes after the first type-7 NAL header of Annex B data.
    static func spsPrefix(in bytes: UnsafeBufferPointer<UInt8>) -> (UInt8, UInt8, UInt8)? {
        guard bytes.count >= 7 else { return nil }
        var i = 0
        while i + 6 < bytes.count {
            if bytes[i] == 0, bytes[i + 1] == 0, bytes[i + 2] == 1, bytes[i + 3] & 0x1f == 7 {
                return (bytes[i + 4], bytes[i + 5], bytes[i + 6])
            }
            i += 1
        }
        return nil
    }

    /// The master playlist (version 3) listing `variants`, largest first, by relative URI.
    static func masterPlaylist(_ variants: [Variant]) -> String {
        var lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
        for v in variants {
            lines.append(
                "#EXT-X-STREAM-INF:BANDWIDTH=\(v.peakBandwidth),AVERAGE-BANDWIDTH=\(v.averageBandwidth),"
                    + "RESOLUTION=\(v.rung.width)x\(v.rung.height),CODECS=\"\(v.codecs)\"")
            lines.append(v.uri)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
