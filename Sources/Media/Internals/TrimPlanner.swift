internal import CFFmpeg
import Foundation

/// Decides what a trim does with each stream, and checks the range, before anything is written.
enum TrimPlanner {
    /// Throws `.timeOutOfRange` when `from` is at or after the end, or `to` lies more than one frame past it.
    static func checkRange(_ input: InputFile, from: MediaTime, to: MediaTime) throws(MediaError) {
        guard let duration = Transcoder.clockDuration(of: input) else { return }
        if from >= duration { throw .timeOutOfRange(path: input.path, time: from, duration: duration) }
        var slack = MediaTime(value: 1, checkedBase: Rational(1, 25))
        if let v = input.bestVideoStream() {
            let st = input.stream(v).pointee
            let rate = st.avg_frame_rate.num > 0 && st.avg_frame_rate.den > 0 ? st.avg_frame_rate : st.r_frame_rate
            if rate.num > 0 && rate.den > 0 { slack = MediaTime(value: 1, checkedBase: Rational(rate.den, rate.num)) }
        }
        if to > duration + slack { throw .timeOutOfRange(path: input.path, time: to, duration: duration) }
    }

    /// The muxers Reel trims into (`av_guess_format` names): MP4/MOV/M4V/M4A, Matroska, WebM, MPEG-TS, AVI, FLV,
    /// and WAV for audio.
    static let trimContainers: Set<String> = ["mp4", "mov", "ipod", "matroska", "webm", "mpegts", "avi", "flv", "wav"]

    /// Refuses, before anything is read or written, a container Reel does not trim into: images (`.gif`), subtitle
    /// files (`.srt`), broadcast wrappers with strict codec rules (`.mxf`)… Throws `.outputNotWritable`.
    static func checkContainer(_ output: OutputFile) throws(MediaError) {
        guard !trimContainers.contains(output.formatName) else { return }
        throw .outputNotWritable(
            path: output.path,
            reason: "Reel cannot trim into a \(output.extensionLabel) file; use .mp4, .mov, .mkv, .webm, .ts, .avi or .flv")
    }

    /// One action per source stream, plus the streams left out and why.
    ///
    /// Throws `.outputNotWritable` naming the streams the output container cannot hold, with containers that can.
    static func actions(
        _ input: InputFile, output: OutputFile, mode: TrimMode
    ) throws(MediaError) -> ([StreamAction], [TrimResult.DroppedStream]) {
        var actions: [StreamAction] = []
        var dropped: [TrimResult.DroppedStream] = []
        var problems: [String] = []
        var problemStreams: [UnsafeMutablePointer<AVStream>] = []
        let video = mode == .accurate ? try videoSettings(for: output, input: input) : nil
        let audio = mode == .accurate ? try audioSettings(for: output, input: input) : nil
        let writesVideo = input.bestVideoStream() != nil

        for i in 0..<input.streamCount {
            let st = input.stream(i)
            let type = st.pointee.codecpar.pointee.codec_type
            let codec = ContainerFit.codecName(st)
            func drop(_ reason: String) {
                actions.append(.drop(reason: reason))
                dropped.append(.init(index: i, type: ContainerFit.streamType(type), codec: codec, reason: reason))
            }
            if StreamFacts.isChapterTrack(st, in: input) {
                actions.append(.recreated)  // the chapters themselves are copied; MP4/MOV muxers rebuild the track
                continue
            }
            if ContainerFit.isTimecodeTrack(st) {
                if output.isISOBaseMedia && writesVideo {
                    actions.append(.recreated)
                } else {
                    drop("\(output.extensionLabel) files have no timecode track; the timecode is kept as a tag")
                }
                continue
            }
            switch type {
            case AVMEDIA_TYPE_VIDEO where video != nil && !ContainerFit.isAttachedPicture(st):
                actions.append(.encode(video!))
            case AVMEDIA_TYPE_AUDIO where audio != nil:
                actions.append(.encode(audio!))
            case AVMEDIA_TYPE_SUBTITLE where ContainerFit.copyProblem(st, into: output) != nil && convertsCaptions(st, into: output):
                actions.append(.convertCaptions)  // SubRip, WebVTT, ASS… become mov_text in MP4/MOV
            case AVMEDIA_TYPE_VIDEO, AVMEDIA_TYPE_AUDIO, AVMEDIA_TYPE_SUBTITLE:
                if let problem = ContainerFit.copyProblem(st, into: output) {
                    problems.append("\(problem) (stream \(i))")
                    problemStreams.append(st)
                    actions.append(.drop(reason: problem))
                } else {
                    actions.append(.copy)
                }
            case AVMEDIA_TYPE_ATTACHMENT:
                if output.canHold(st.pointee.codecpar.pointee.codec_id) == true {
                    actions.append(.copy)
                } else {
                    drop("\(output.extensionLabel) files cannot hold attachments")
                }
            default:
                if st.pointee.codecpar.pointee.codec_id != AV_CODEC_ID_NONE, output.canHold(st.pointee.codecpar.pointee.codec_id) == true {
                    actions.append(.copy)
                } else {
                    drop("\(output.extensionLabel) files cannot hold this data stream")
                }
            }
        }
        if !problems.isEmpty {
            var reason = "a \(output.extensionLabel) file cannot hold \(problems.joined(separator: ", "))"
            let fits = alternatives(input: input, excluding: output.formatName)
            var hints: [String] = []
            if !fits.isEmpty { hints.append("use \(fits.joined(separator: " or "))") }
            if mode == .copy && problemStreams.contains(where: { $0.pointee.codecpar.pointee.codec_type != AVMEDIA_TYPE_SUBTITLE }) {
                hints.append("re-encode with --accurate")
            }
            if !hints.isEmpty { reason += "; " + hints.joined(separator: ", or ") }
            throw .outputNotWritable(path: output.path, reason: reason)
        }
        return (actions, dropped)
    }

    /// Whether a text subtitle stream the output cannot hold as it is can be written as `mov_text` instead
    /// (MP4/MOV only; bitmap subtitles such as `dvd_subtitle` or `hdmv_pgs_subtitle` cannot).
    private static func convertsCaptions(_ stream: UnsafeMutablePointer<AVStream>, into output: OutputFile) -> Bool {
        output.isISOBaseMedia && CaptionLane.canConvert(stream) && CaptionTrack.encoderName(for: output) == "mov_text"
            && avcodec_find_encoder_by_name("mov_text") != nil
    }

    /// The video encoder for an accurate trim: H.264 where the container takes it, else VP9 (WebM).
    private static func videoSettings(for output: OutputFile, input: InputFile) throws(MediaError) -> EncoderSettings? {
        guard input.bestVideoStream() != nil else { return nil }
        if output.canHold(AV_CODEC_ID_H264) != false, output.formatName != "webm", FrameEncoder.find("libx264") != nil {
            return .h264(crf: 18, preset: "veryfast")
        }
        if output.canHold(AV_CODEC_ID_VP9) == true, FrameEncoder.find("libvpx-vp9") != nil { return .vp9() }
        throw .outputNotWritable(path: output.path, reason: "cannot re-encode video for a \(output.extensionLabel) file (use .mp4, .mov, .mkv or .webm)")
    }

    /// The audio encoder for an accurate trim: AAC where the container takes it, else Opus (WebM).
    private static func audioSettings(for output: OutputFile, input: InputFile) throws(MediaError) -> EncoderSettings? {
        let hasAudio = (0..<input.streamCount).contains { input.stream($0).pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO }
        guard hasAudio else { return nil }
        if output.canHold(AV_CODEC_ID_AAC) != false, output.formatName != "webm" { return .aac() }
        if output.canHold(AV_CODEC_ID_OPUS) == true, FrameEncoder.find("libopus") != nil { return .opus() }
        throw .outputNotWritable(path: output.path, reason: "cannot re-encode audio for a \(output.extensionLabel) file (use .mp4, .mov, .mkv or .webm)")
    }

    /// Extensions among .mov, .mkv, .mp4 whose container can hold all the source's video, audio and subtitle
    /// streams as they are (`avformat_query_codec`), counting text subtitles as fitting MP4/MOV (`mov_text`).
    private static func alternatives(input: InputFile, excluding current: String) -> [String] {
        var out: [String] = []
        for ext in ["mov", "mkv", "mp4"] {
            guard let format = av_guess_format(nil, "x.\(ext)", nil), string(format.pointee.name) != current else { continue }
            let all = (0..<input.streamCount).map { input.stream($0) }.filter {
                let t = $0.pointee.codecpar.pointee.codec_type
                return t == AVMEDIA_TYPE_VIDEO || t == AVMEDIA_TYPE_AUDIO || t == AVMEDIA_TYPE_SUBTITLE
            }
            let isoBaseMedia = ext == "mov" || ext == "mp4"
            if all.allSatisfy({
                avformat_query_codec(format, $0.pointee.codecpar.pointee.codec_id, FF_COMPLIANCE_NORMAL) != 0
                    || (isoBaseMedia && CaptionLane.canConvert($0))
            }) {
                out.append(".\(ext)")
            }
        }
        return out
    }
}
