internal import CFFmpeg
import Foundation

/// Carries a source's descriptive facts (tags, languages, dispositions, rotation, timecode) onto an output.
enum StreamFacts {
    /// Side data that describes the picture rather than its coding, kept when video is re-encoded:
    /// rotation (display matrix), HDR mastering and light levels, stereo and 360° layout.
    static let pictureSideData: Set<UInt32> = [
        AV_PKT_DATA_DISPLAYMATRIX.rawValue, AV_PKT_DATA_MASTERING_DISPLAY_METADATA.rawValue,
        AV_PKT_DATA_CONTENT_LIGHT_LEVEL.rawValue, AV_PKT_DATA_STEREO3D.rawValue, AV_PKT_DATA_SPHERICAL.rawValue,
    ]

    /// Tags that describe the source's bytes rather than its content, wrong once the file is cut or re-encoded
    /// (Matroska statistics, MP4 brands, the writing application).
    private static let staleTags: Set<String> = [
        "DURATION", "BPS", "NUMBER_OF_FRAMES", "NUMBER_OF_BYTES", "_STATISTICS_WRITING_APP",
        "_STATISTICS_WRITING_DATE_UTC", "_STATISTICS_TAGS", "MAJOR_BRAND", "MINOR_VERSION", "COMPATIBLE_BRANDS",
        "ENCODER",
    ]

    /// Copies the tags worth keeping from `source` into `target` (`av_dict_set`), leaving `timecode` to the caller.
    static func copyTags(_ source: OpaquePointer?, into target: inout OpaquePointer?) {
        for (key, value) in dictionary(source) {
            let base = key.split(separator: "-").first.map(String.init)?.uppercased() ?? key.uppercased()
            if staleTags.contains(base) || key.lowercased() == "timecode" { continue }
            av_dict_set(&target, key, value, 0)
        }
    }

    /// Copies tags (language, title, handler…) and dispositions of a stream.
    static func copyStreamFacts(from source: UnsafeMutablePointer<AVStream>, to target: UnsafeMutablePointer<AVStream>) {
        copyTags(source.pointee.metadata, into: &target.pointee.metadata)
        target.pointee.disposition = source.pointee.disposition
    }

    /// Copies stream side data (`av_stream_new_side_data`, the FFmpeg 5.1 home of the display matrix); with
    /// `only`, just those types.
    static func copySideData(
        from source: UnsafeMutablePointer<AVStream>, to target: UnsafeMutablePointer<AVStream>, only: Set<UInt32>?
    ) {
        let count = Int(source.pointee.nb_side_data)
        guard count > 0, let items = source.pointee.side_data else { return }
        for i in 0..<count {
            let item = items[i]
            if let only, !only.contains(item.type.rawValue) { continue }
            guard item.size > 0, let data = item.data, let copy = av_stream_new_side_data(target, item.type, item.size) else {
                continue
            }
            copy.update(from: data, count: item.size)
        }
    }

    /// The timecode tag of a file: the container's, else the first video stream's, else any stream's
    /// (a QuickTime `tmcd` track exposes it this way).
    static func sourceTimecode(_ input: InputFile) -> String? {
        if let tc = dictionary(input.pointer.pointee.metadata)["timecode"] { return tc }
        var fallback: String?
        for i in 0..<input.streamCount {
            let st = input.stream(i)
            guard let tc = dictionary(st.pointee.metadata)["timecode"] else { continue }
            if st.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO { return tc }
            if fallback == nil { fallback = tc }
        }
        return fallback
    }

    /// The timecode `frames` frames after `start` at `rate` (`av_timecode_init_from_string`,
    /// `av_timecode_make_string`), or nil when `start` is not a timecode.
    static func timecode(_ start: String, advancedBy frames: Int64, rate: AVRational) -> String? {
        guard rate.num > 0, rate.den > 0 else { return nil }
        var tc = AVTimecode()
        guard av_timecode_init_from_string(&tc, rate, start, nil) == 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 32)
        _ = av_timecode_make_string(&tc, &buffer, Int32(clamping: frames))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Copies the chapters that overlap `window`, clipped to it and shifted so the window starts at 0.
    ///
    /// FFmpeg 5.1 has no public call to add a chapter; like the `ffmpeg` tool, this allocates `AVChapter`s with
    /// `av_mallocz` into `AVFormatContext.chapters`, which `avformat_free_context` frees.
    static func copyChapters(from input: InputFile, to output: OutputFile, window: CutWindow) {
        let source = input.pointer.pointee
        guard source.nb_chapters > 0, let chapters = source.chapters else { return }
        var kept: [UnsafeMutablePointer<AVChapter>] = []
        for i in 0..<Int(source.nb_chapters) {
            guard let ch = chapters[i] else { continue }
            let tb = Rational(ch.pointee.time_base)
            guard tb.isValid, tb.numerator > 0 else { continue }
            let start = window.start.rescaled(to: tb).value
            let end = window.end?.rescaled(to: tb).value ?? Int64.max
            guard ch.pointee.end > start, ch.pointee.start < end else { continue }
            guard let raw = av_mallocz(MemoryLayout<AVChapter>.size) else { continue }
            let copy = raw.bindMemory(to: AVChapter.self, capacity: 1)
            copy.pointee.id = ch.pointee.id
            copy.pointee.time_base = ch.pointee.time_base
            copy.pointee.start = max(ch.pointee.start, start) - start
            copy.pointee.end = min(ch.pointee.end, end) - start
            av_dict_copy(&copy.pointee.metadata, ch.pointee.metadata, 0)
            kept.append(copy)
        }
        guard !kept.isEmpty else { return }
        let size = MemoryLayout<UnsafeMutablePointer<AVChapter>?>.stride * kept.count
        guard let array = av_mallocz(size)?.bindMemory(to: UnsafeMutablePointer<AVChapter>?.self, capacity: kept.count) else {
            kept.forEach { ch in
                av_dict_free(&ch.pointee.metadata)
                av_free(ch)
            }
            return
        }
        for (i, ch) in kept.enumerated() { array[i] = ch }
        output.pointer.pointee.chapters = array
        output.pointer.pointee.nb_chapters = UInt32(kept.count)
    }

    /// Whether the source stream is an MP4/MOV chapter track (a `text` data track the demuxer turns into chapters).
    static func isChapterTrack(_ stream: UnsafeMutablePointer<AVStream>, in input: InputFile) -> Bool {
        let par = stream.pointee.codecpar.pointee
        return par.codec_type == AVMEDIA_TYPE_DATA && par.codec_tag == ContainerFit.fourCC("text")
            && input.pointer.pointee.nb_chapters > 0
    }
}
