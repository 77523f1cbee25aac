internal import CFFmpeg
import Foundation

/// What the `Transcoder` does with one source stream.
enum StreamAction: Equatable {
    /// Packets copied as they are (no decoding).
    case copy
    /// Decoded, filtered and encoded again.
    case encode(EncoderSettings)
    /// Text subtitles decoded into cues and written as the output's caption codec (`mov_text` in MP4/MOV).
    case convertCaptions
    /// Left out; the reason is reported to the user.
    case drop(reason: String)
    /// Left out because the output recreates it another way (a QuickTime `tmcd` track from the timecode tag,
    /// an MP4 chapter track from the copied chapters).
    case recreated

    var isWritten: Bool {
        switch self {
        case .copy, .encode, .convertCaptions: return true
        case .drop, .recreated: return false
        }
    }
}

/// One job for the `Transcoder`: what to do with each stream, and which part of the file to write.
struct TranscodeRequest {
    /// One action per source stream, in stream order.
    var actions: [StreamAction]
    /// The in point on the file's clock (0 = the container's start time); nil for the beginning.
    ///
    /// When the first video stream is copied, the cut snaps back to the keyframe at or before this time.
    var start: MediaTime? = nil
    /// The out point on the file's clock (exclusive); nil for the end.
    var end: MediaTime? = nil
    /// Muxer options (`movflags`, `hls_time`…); MP4/MOV get `movflags=+faststart` when not set here.
    var muxerOptions: [String: String] = [:]
    /// Captions to add as a text track (`mov_text` in MP4), on the output clock; nil or empty for none.
    var captions: [CaptionCueText]? = nil
    /// The captions' language (ISO 639-2, e.g. `eng`).
    var captionLanguage: String? = nil
    /// Whether the source's chapters are copied (an MP4/MOV muxer writes them as a QuickTime `text` chapter track,
    /// which readers list as a `bin_data` data stream).
    var keepsChapters = true
}

/// What a `Transcoder` run wrote.
struct TranscodeSummary {
    /// Where the output starts on the file's clock (the keyframe snapped to, or the requested start).
    var start: MediaTime
    /// The length of the output: the longest audio or video stream (any stream when there are neither).
    var duration: MediaTime
    /// Streams in the finished output as FFmpeg reads it back (muxer-made timecode and chapter tracks included).
    var streamsWritten: Int
    /// The timecode of the output's first frame, when the source has one.
    var timecode: String?
}

/// Decides, stream by stream, whether an output container can take a source stream.
enum ContainerFit {
    /// Why `output` cannot hold a copy of `stream`, or nil when it can (`avformat_query_codec`).
    static func copyProblem(_ stream: UnsafeMutablePointer<AVStream>, into output: OutputFile) -> String? {
        let par = stream.pointee.codecpar.pointee
        if par.codec_id == AV_CODEC_ID_NONE { return "unknown codec" }
        if output.canHold(par.codec_id) == false {
            return "\(codecName(stream)) \(typeName(par.codec_type))"
        }
        return nil
    }

    /// Whether the source stream is a QuickTime timecode (`tmcd`) track.
    static func isTimecodeTrack(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        let par = stream.pointee.codecpar.pointee
        return par.codec_type == AVMEDIA_TYPE_DATA && par.codec_tag == fourCC("tmcd")
    }

    /// Whether the stream is a cover picture rather than moving video.
    static func isAttachedPicture(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        stream.pointee.disposition & reel_disposition_attached_pic() != 0
    }

    /// The codec name FFmpeg uses, or the four-character tag for a data stream without a codec.
    static func codecName(_ stream: UnsafeMutablePointer<AVStream>) -> String {
        let par = stream.pointee.codecpar.pointee
        if par.codec_id == AV_CODEC_ID_NONE, par.codec_tag != 0 {
            let t = par.codec_tag
            let bytes = [UInt8(t & 0xff), UInt8((t >> 8) & 0xff), UInt8((t >> 16) & 0xff), UInt8((t >> 24) & 0xff)]
            return String(decoding: bytes, as: UTF8.self)
        }
        return string(avcodec_get_name(par.codec_id)) ?? "unknown"
    }

    /// `video`, `audio`, `subtitles`, `data`, `attachment`.
    static func typeName(_ type: AVMediaType) -> String {
        switch type {
        case AVMEDIA_TYPE_VIDEO: return "video"
        case AVMEDIA_TYPE_AUDIO: return "audio"
        case AVMEDIA_TYPE_SUBTITLE: return "subtitles"
        case AVMEDIA_TYPE_ATTACHMENT: return "attachment"
        default: return "data"
        }
    }

    /// The public stream kind for a codec type.
    static func streamType(_ type: AVMediaType) -> StreamType {
        switch type {
        case AVMEDIA_TYPE_VIDEO: return .video
        case AVMEDIA_TYPE_AUDIO: return .audio
        case AVMEDIA_TYPE_SUBTITLE: return .subtitle
        case AVMEDIA_TYPE_DATA: return .data
        case AVMEDIA_TYPE_ATTACHMENT: return .attachment
        default: return .unknown
        }
    }

    static func fourCC(_ s: String) -> UInt32 {
        let b = Array(s.utf8)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }
}
