internal import CFFmpeg
import Foundation

extension MediaFile {
    /// Reads the file's container and stream facts (`avformat_open_input`, `avformat_find_stream_info`).
    ///
    /// Whether the frame rate is variable is judged from the frames' presentation timestamps after the edit list
    /// (the first 300 frames, and the whole sample table of an MP4/MOV), not from the header: see
    /// `Prober.isVariable` for the rule.
    /// Throws `MediaError`: missing, empty, not media, truncated recording.
    public func probe() async throws -> MediaInfo {
        let path = self.path
        return try await runBlocking { _ in try MediaFile.probeNow(path) }
    }

    /// The synchronous body of `probe()`, for callers already off the cooperative pool.
    public static func probeNow(_ path: String) throws -> MediaInfo {
        let input = try InputFile(path: path)
        return Prober(input: input).info()
    }
}

/// Copies facts out of an opened file into `MediaInfo`.
struct Prober {
    let input: InputFile

    func info() -> MediaInfo {
        let fmt = input.pointer.pointee
        let tags = dictionary(fmt.metadata)
        let size = Int64(avio_size(fmt.pb))
        let fileSize = size > 0 ? size : ((try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? NSNumber)?.int64Value ?? 0)
        let usTime = Rational(1, 1_000_000)
        let duration = fmt.duration == reel_nopts_value() || fmt.duration <= 0 ? nil : MediaTime(value: fmt.duration, checkedBase: usTime)
        let start = fmt.start_time == reel_nopts_value() ? nil : MediaTime(value: fmt.start_time, checkedBase: usTime)
        var streams: [StreamInfo] = []
        let vfr = variableRateStreams()
        for i in 0..<input.streamCount {
            streams.append(streamInfo(i, variableFrameRate: vfr.contains(i)))
        }
        var chapters: [Chapter] = []
        for i in 0..<Int(fmt.nb_chapters) {
            guard let ch = fmt.chapters[i] else { continue }
            let tb = Rational(ch.pointee.time_base)
            // A chapter with an unusable time base (a damaged file) is left out.
            guard let start = try? MediaTime(value: ch.pointee.start, timeBase: tb),
                let end = try? MediaTime(value: ch.pointee.end, timeBase: tb) else { continue }
            chapters.append(Chapter(
                start: start,
                end: end,
                title: dictionary(ch.pointee.metadata)["title"]))
        }
        let lower = Dictionary(tags.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        func tag(_ keys: String...) -> String? { keys.lazy.compactMap { lower[$0] }.first }
        return MediaInfo(
            path: input.path,
            container: string(fmt.iformat.pointee.name) ?? "unknown",
            containerLongName: string(fmt.iformat.pointee.long_name) ?? "",
            duration: duration,
            startTime: start,
            size: fileSize,
            bitRate: fmt.bit_rate > 0 ? fmt.bit_rate : nil,
            creationTime: tag("creation_time", "com.apple.quicktime.creationdate", "date").flatMap(Prober.parseDate),
            make: tag("make", "com.apple.quicktime.make", "com.android.manufacturer"),
            model: tag("model", "com.apple.quicktime.model", "com.android.model"),
            encoder: tag("encoder", "encoded_by", "com.apple.quicktime.software"),
            location: tag("location", "com.apple.quicktime.location.iso6709", "location-eng"),
            timecode: timecode(tags: lower, streams: streams),
            tags: tags,
            chapters: chapters,
            streams: streams)
    }

    private func timecode(tags: [String: String], streams: [StreamInfo]) -> String? {
        if let tc = tags["timecode"] { return tc }
        for s in streams {
            if let tc = s.tags["timecode"] { return tc }
        }
        return nil
    }

    static func parseDate(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d }
        let plain = DateFormatter()
        plain.locale = Locale(identifier: "en_US_POSIX")
        plain.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            plain.dateFormat = format
            if let d = plain.date(from: text) { return d }
        }
        return nil
    }

    private func streamInfo(_ index: Int, variableFrameRate: Bool) -> StreamInfo {
        let st = input.stream(index)
        let par = st.pointee.codecpar.pointee
        let tags = dictionary(st.pointee.metadata)
        let type: StreamType
        switch par.codec_type {
        case AVMEDIA_TYPE_VIDEO: type = .video
        case AVMEDIA_TYPE_AUDIO: type = .audio
        case AVMEDIA_TYPE_SUBTITLE: type = .subtitle
        case AVMEDIA_TYPE_DATA: type = .data
        case AVMEDIA_TYPE_ATTACHMENT: type = .attachment
        default: type = .unknown
        }
        let descriptor = avcodec_descriptor_get(par.codec_id)
        var codecName = string(avcodec_get_name(par.codec_id)) ?? "none"
        if par.codec_id == AV_CODEC_ID_NONE, par.codec_tag != 0 {
            // An unknown codec (a QuickTime timecode track, say): name it by its four-character tag.
            let tag = par.codec_tag
            let bytes = (0..<4).map { UInt8(truncatingIfNeeded: tag >> (8 * $0)) }
            if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { codecName = String(decoding: bytes, as: UTF8.self) }
        }
        let profile = par.profile == reel_profile_unknown() ? nil : string(avcodec_profile_name(par.codec_id, par.profile))
        var disposition: Disposition = []
        let d = st.pointee.disposition
        if d & reel_disposition_default() != 0 { disposition.insert(.default) }
        if d & reel_disposition_attached_pic() != 0 { disposition.insert(.attachedPicture) }
        if d & reel_disposition_forced() != 0 { disposition.insert(.forced) }
        if d & reel_disposition_hearing_impaired() != 0 { disposition.insert(.hearingImpaired) }
        if d & reel_disposition_visual_impaired() != 0 { disposition.insert(.visualImpaired) }
        if d & reel_disposition_comment() != 0 { disposition.insert(.comment) }
        let tb = Rational(st.pointee.time_base)
        let duration: MediaTime? =
            st.pointee.duration == reel_nopts_value() || st.pointee.duration <= 0
            ? nil : try? MediaTime(value: st.pointee.duration, timeBase: tb)
        var video: VideoInfo? = nil
        var audio: AudioInfo? = nil
        if type == .video { video = videoInfo(st, variableFrameRate: variableFrameRate) }
        if type == .audio { audio = audioInfo(par) }
        var language = tags["language"]
        if language == "und" { language = nil }
        return StreamInfo(
            index: index, type: type, codec: codecName,
            codecLongName: descriptor.flatMap { string($0.pointee.long_name) },
            profile: profile,
            bitRate: par.bit_rate > 0 ? par.bit_rate : nil,
            language: language,
            title: tags["title"] ?? tags["handler_name"].flatMap { Prober.meaningfulHandler($0) },
            disposition: disposition,
            timeBase: tb,
            duration: duration,
            frameCount: st.pointee.nb_frames > 0 ? st.pointee.nb_frames : nil,
            video: video, audio: audio, tags: tags)
    }

    /// MP4 muxers write generic handler names ("VideoHandler"); only a real one is a title.
    static func meaningfulHandler(_ name: String) -> String? {
        let generic = ["VideoHandler", "SoundHandler", "SubtitleHandler", "TimeCodeHandler", "DataHandler", "Core Media Video",
                       "Core Media Audio", "Core Media Data", "Mainconcept Video Media Handler", "ISO Media file produced by Google Inc."]
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || generic.contains(trimmed) || trimmed.hasPrefix("Apple ") ? nil : trimmed
    }

    private func videoInfo(_ st: UnsafeMutablePointer<AVStream>, variableFrameRate: Bool) -> VideoInfo {
        let par = st.pointee.codecpar.pointee
        let width = Int(par.width)
        let height = Int(par.height)
        let fmt = AVPixelFormat(rawValue: par.format)
        let desc = av_pix_fmt_desc_get(fmt)
        var sar = Rational(av_guess_sample_aspect_ratio(input.pointer, st, nil))
        if !sar.isValid { sar = Rational(1, 1) }
        var darNum: Int32 = 0
        var darDen: Int32 = 0
        av_reduce(&darNum, &darDen, Int64(width) * Int64(sar.numerator), Int64(height) * Int64(sar.denominator), 1 << 30)
        let rawRotation = reel_stream_rotation(st)
        var rotation = 0
        if !rawRotation.isNaN {
            rotation = Int((-rawRotation).rounded()) % 360
            if rotation < 0 { rotation += 360 }
            rotation = (rotation + 45) / 90 * 90 % 360
        }
        var displayWidth = width
        if sar.numerator != sar.denominator {
            displayWidth = Int((Double(width) * sar.doubleValue).rounded())
        }
        var displayHeight = height
        if rotation == 90 || rotation == 270 { swap(&displayWidth, &displayHeight) }
        let fieldOrder: FieldOrder
        switch par.field_order {
        case AV_FIELD_PROGRESSIVE: fieldOrder = .progressive
        case AV_FIELD_TT: fieldOrder = .topFirst
        case AV_FIELD_BB: fieldOrder = .bottomFirst
        case AV_FIELD_TB: fieldOrder = .topCodedBottomFirst
        case AV_FIELD_BT: fieldOrder = .bottomCodedTopFirst
        default: fieldOrder = .unknown
        }
        let trc = par.color_trc
        return VideoInfo(
            width: width, height: height,
            sampleAspectRatio: sar,
            displayAspectRatio: Rational(darNum, darDen),
            pixelFormat: string(av_get_pix_fmt_name(fmt)) ?? "unknown",
            bitDepth: desc.map { Int($0.pointee.comp.0.depth) } ?? 0,
            averageFrameRate: Rational(st.pointee.avg_frame_rate),
            realFrameRate: Rational(st.pointee.r_frame_rate),
            variableFrameRate: variableFrameRate,
            fieldOrder: fieldOrder,
            colorPrimaries: par.color_primaries == AVCOL_PRI_UNSPECIFIED ? nil : string(av_color_primaries_name(par.color_primaries)),
            colorTransfer: trc == AVCOL_TRC_UNSPECIFIED ? nil : string(av_color_transfer_name(trc)),
            colorSpace: par.color_space == AVCOL_SPC_UNSPECIFIED ? nil : string(av_color_space_name(par.color_space)),
            colorRange: par.color_range == AVCOL_RANGE_UNSPECIFIED ? nil : string(av_color_range_name(par.color_range)),
            hdr: trc == AVCOL_TRC_SMPTE2084 || trc == AVCOL_TRC_ARIB_STD_B67,
            rotation: rotation,
            displayWidth: displayWidth, displayHeight: displayHeight)
    }

    private func audioInfo(_ par: AVCodecParameters) -> AudioInfo {
        var layout = par.ch_layout
        var buffer = [CChar](repeating: 0, count: 128)
        var layoutName: String? = nil
        if layout.order != AV_CHANNEL_ORDER_UNSPEC {
            if av_channel_layout_describe(&layout, &buffer, buffer.count) > 0 {
                layoutName = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        } else if layout.nb_channels > 0 {
            var def = AVChannelLayout()
            av_channel_layout_default(&def, layout.nb_channels)
            if av_channel_layout_describe(&def, &buffer, buffer.count) > 0 {
                layoutName = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            av_channel_layout_uninit(&def)
        }
        return AudioInfo(
            sampleRate: Int(par.sample_rate),
            channels: Int(layout.nb_channels),
            channelLayout: layoutName,
            sampleFormat: string(av_get_sample_fmt_name(AVSampleFormat(rawValue: par.format))) ?? "unknown")
    }

    /// How many video packets per stream the probe reads for presentation timestamps.
    static let sampledFrames = 300
    /// The most frames a decoder may hold back for reordering (H.264/HEVC allow 16).
    static let reorderDepth = 16

    /// The video streams whose frame durations vary, judged by `isVariable` (the rule is documented there).
    ///
    /// The timestamps are presentation times of the packets the demuxer returns (`av_read_frame`), so an MP4/MOV
    /// edit list is applied: packets it flags as before the edit's start (`AV_PKT_FLAG_DISCARD`) are left out.
    /// The first `sampledFrames` packets of each stream are read. Where the container indexes every sample
    /// (MP4/MOV sample tables: as many index entries as frames), the whole file's decode times in the index are
    /// judged as well, so a clip that turns variable after its first seconds is caught without reading it all.
    /// A Matroska/WebM index (cues) lists keyframes only and is not used.
    private func variableRateStreams() -> Set<Int> {
        var presentation: [Int: [Int64]] = [:]
        var fromIndex: [Int: [Int64]] = [:]
        var needsReading: Set<Int> = []
        for i in 0..<input.streamCount {
            let st = input.stream(i)
            guard st.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO,
                st.pointee.disposition & reel_disposition_attached_pic() == 0
            else { continue }
            needsReading.insert(i)
            let count = Int(avformat_index_get_entries_count(st))
            if st.pointee.nb_frames > 0, count >= st.pointee.nb_frames, count > Self.sampledFrames {
                var ts: [Int64] = []
                ts.reserveCapacity(count)
                for e in 0..<count {
                    guard let entry = avformat_index_get_entry(st, Int32(e)),
                        entry.pointee.flags & reel_index_discard_frame() == 0
                    else { continue }
                    ts.append(entry.pointee.timestamp)
                }
                fromIndex[i] = ts
            }
        }
        let packet = Packet()
        var read = 0
        let limit = Self.sampledFrames * (needsReading.count + 2) * 4
        var reachedEnd = false
        while !needsReading.isEmpty, read < limit {
            guard (try? input.read(into: packet)) == true else {
                reachedEnd = true
                break
            }
            read += 1
            let s = packet.streamIndex
            if needsReading.contains(s), !packet.isDiscarded, let t = packet.pts {
                presentation[s, default: []].append(t)
                if presentation[s]!.count >= Self.sampledFrames { needsReading.remove(s) }
            }
            packet.unref()
        }
        var result: Set<Int> = []
        for (index, ts) in presentation {
            // A sample cut off in decode order lacks the reordered (B-) frames shown just before its last packets:
            // judge only the times that every later packet comes after.
            let judged = reachedEnd && needsReading.contains(index) ? ts : Array(ts.sorted().dropLast(Self.reorderDepth))
            if Prober.isVariable(judged) { result.insert(index) }
        }
        for (index, ts) in fromIndex where Prober.isVariable(ts) { result.insert(index) }
        return result
    }

    /// Whether frames shown at these times (in the stream's time base, any order) have a variable frame rate.
    ///
    /// The rule: sort the times; the frame durations are the gaps between consecutive frames. The last gap is
    /// ignored (a recording that stops, or a stream-copy cut, often ends on one odd frame; the last frame's own
    /// duration is only the muxer's guess and is never looked at). The rate is constant when all other durations
    /// lie within timestamp rounding of each other: at most one tick apart (29.97 fps in a 1/600 or 1 ms time base
    /// alternates 20/21 or 33/34 ticks), or 0.1 % of the typical duration in a fine time base. The tick is that of
    /// the clock the times were really written in: when every duration is a multiple of a step of at most 1/8 of a
    /// frame (a 1/600 clip rewrapped into 1/19200 moves in steps of 32), that step. Anything more — a
    /// single dropped frame, camera-clock jitter, a low-light drop to 15 fps — makes it variable.
    ///
    /// `ffprobe`'s `r_frame_rate` differing from its `avg_frame_rate` is not the rule: the average also counts the
    /// last frame's guessed duration and the edit list's length, and differs on constant-rate files (an iPhone's
    /// 29.97 fps at 1/600) as well as on variable ones.
    static func isVariable(_ times: [Int64]) -> Bool {
        let sorted = times.sorted()
        var durations: [Int64] = []
        durations.reserveCapacity(sorted.count)
        for i in sorted.indices.dropFirst() where sorted[i] > sorted[i - 1] {
            durations.append(sorted[i] - sorted[i - 1])
        }
        durations = Array(durations.dropLast())
        guard durations.count >= 2, let shortest = durations.min(), let longest = durations.max() else { return false }
        let typical = durations.sorted()[durations.count / 2]
        // The clock the times were written in: a file rewrapped from 1/600 into 1/19200 moves in steps of 32.
        let step = durations.reduce(0) { gcd($0, $1) }
        let tick = step <= typical / 8 ? step : 1
        let rounding = max(tick, typical / 1000)
        return longest - shortest > rounding
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
}
