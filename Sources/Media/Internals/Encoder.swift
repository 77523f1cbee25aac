internal import CFFmpeg
import Foundation

/// How to re-encode one stream: the encoder, its options, and the libavfilter chain in front of it.
///
/// Presets (web 1080p/720p, HLS renditions, loudness-normalised audio…) are values of this type; the
/// `Transcoder` builds the decoder → filter graph → encoder chain from it.
struct EncoderSettings: Sendable, Equatable {
    /// The FFmpeg encoder name, e.g. `libx264`, `libvpx-vp9`, `aac`, `libopus`.
    var codecName: String
    /// Encoder private options passed to `avcodec_open2`, e.g. `["crf": "18", "preset": "veryfast"]`.
    var options: [String: String] = [:]
    /// A target bit rate in bits per second, or nil for the encoder's own rate control (CRF).
    var bitRate: Int64? = nil
    /// A libavfilter description applied before encoding (`null`/`anull` for none), e.g. `scale=-2:720`.
    var filter: String
    /// A pixel format to convert to (`yuv420p`); nil keeps the source's when the encoder takes it, else yuv420p.
    var pixelFormat: String? = nil
    /// A sample rate to resample to; nil keeps the source's when the encoder takes it.
    var sampleRate: Int32? = nil
    /// A channel layout to mix to (`stereo`); nil keeps the source's when the encoder takes it.
    var channelLayout: String? = nil
    /// Whether the source's picture side data (display matrix, HDR mastering metadata…) is copied onto the
    /// output stream. Publishing turns this off: its filter graph applies the rotation and tone-maps HDR, so
    /// the output must not be rotated again or flagged as HDR.
    var keepsPictureSideData = true
    /// Tags the output as SDR BT.709, limited range, instead of copying the source's colour description
    /// (set when the filter graph tone-maps or converts the colours).
    var tagsBT709 = false
    /// Video: forces a keyframe on the first frame whose output timestamp reaches each multiple of this interval
    /// (0, interval, 2 × interval…), whatever the frame rate, so a variable-frame-rate source still cuts on a time
    /// grid; nil (or an interval ≤ 0) forces none. libx264 codes these frames as IDR (`forced-idr=1`).
    var forcedKeyframeInterval: MediaTime? = nil

    /// H.264 via libx264 with constant quality.
    static func h264(crf: Int = 18, preset: String = "veryfast", filter: String = "null") -> EncoderSettings {
        EncoderSettings(codecName: "libx264", options: ["crf": "\(crf)", "preset": preset], filter: filter)
    }

    /// VP9 via libvpx in constant-quality mode, tuned for speed.
    static func vp9(crf: Int = 30, filter: String = "null") -> EncoderSettings {
        EncoderSettings(
            codecName: "libvpx-vp9",
            options: ["crf": "\(crf)", "b": "0", "deadline": "good", "cpu-used": "5", "row-mt": "1"],
            filter: filter)
    }

    /// AAC with FFmpeg's native encoder.
    static func aac(bitRate: Int64? = nil, filter: String = "anull") -> EncoderSettings {
        EncoderSettings(codecName: "aac", bitRate: bitRate, filter: filter)
    }

    /// Opus via libopus (48 kHz).
    static func opus(bitRate: Int64? = nil, filter: String = "anull") -> EncoderSettings {
        EncoderSettings(codecName: "libopus", bitRate: bitRate, filter: filter, sampleRate: 48_000)
    }
}

/// An opened encoder: owns its `CodecContext` (`avcodec_alloc_context3`, `avcodec_open2`).
final class FrameEncoder {
    let context: CodecContext
    let codec: UnsafePointer<AVCodec>

    private init(context: CodecContext, codec: UnsafePointer<AVCodec>) {
        self.context = context
        self.codec = codec
    }

    /// The encoder's time base (the unit of the packets it gives back).
    var timeBase: AVRational { context.pointer.pointee.time_base }

    /// Samples per frame the encoder insists on, or 0 when any count will do (video, PCM, variable-size codecs).
    var requiredFrameSize: Int32 {
        let ctx = context.pointer.pointee
        guard ctx.codec_type == AVMEDIA_TYPE_AUDIO else { return 0 }
        if codec.pointee.capabilities & Int32(reel_codec_cap_variable_frame_size()) != 0 { return 0 }
        return ctx.frame_size
    }

    /// Finds an encoder by name (`avcodec_find_encoder_by_name`).
    static func find(_ name: String) -> UnsafePointer<AVCodec>? { avcodec_find_encoder_by_name(name) }

    /// The pixel format to encode in: `requested` if given, else the source's when the encoder lists it,
    /// else yuv420p (or the encoder's first format if it cannot take yuv420p).
    static func pixelFormat(for codec: UnsafePointer<AVCodec>, source: AVPixelFormat, requested: String?) -> AVPixelFormat {
        if let requested {
            let f = av_get_pix_fmt(requested)
            if f != AV_PIX_FMT_NONE { return f }
        }
        let supported = list(codec.pointee.pix_fmts, end: AV_PIX_FMT_NONE)
        if supported.isEmpty || supported.contains(source) { return source == AV_PIX_FMT_NONE ? AV_PIX_FMT_YUV420P : source }
        if supported.contains(AV_PIX_FMT_YUV420P) { return AV_PIX_FMT_YUV420P }
        return supported[0]
    }

    /// The sample format, rate and layout to encode in, keeping the source's where the encoder allows.
    static func audioFormat(
        for codec: UnsafePointer<AVCodec>, settings: EncoderSettings, sourceFormat: AVSampleFormat, sourceRate: Int32,
        sourceLayout: AVChannelLayout
    ) -> (format: AVSampleFormat, rate: Int32, layout: String) {
        let formats = list(codec.pointee.sample_fmts, end: AV_SAMPLE_FMT_NONE)
        let format = formats.isEmpty || formats.contains(sourceFormat) ? sourceFormat : formats[0]
        var rate = settings.sampleRate ?? sourceRate
        let rates = list(codec.pointee.supported_samplerates, end: 0)
        if !rates.isEmpty && !rates.contains(rate) {
            rate = rates.filter { $0 >= rate }.min() ?? rates.max() ?? 48_000
        }
        var layoutName = settings.channelLayout ?? FilterGraph.layoutName(sourceLayout)
        if settings.channelLayout == nil, let layouts = codec.pointee.ch_layouts {
            var accepted: [AVChannelLayout] = []
            var i = 0
            while layouts[i].nb_channels != 0 {
                accepted.append(layouts[i])
                i += 1
            }
            var wanted = AVChannelLayout()
            defer { av_channel_layout_uninit(&wanted) }
            if av_channel_layout_from_string(&wanted, layoutName) == 0 {
                var match = accepted.first { candidate in
                    var c = candidate
                    return av_channel_layout_compare(&c, &wanted) == 0
                }
                if match == nil { match = accepted.first { $0.nb_channels == wanted.nb_channels } }
                if match == nil { match = accepted.first { $0.nb_channels == 2 } ?? accepted.first }
                if let m = match { layoutName = FilterGraph.layoutName(m) }
            }
        }
        return (format, rate, layoutName)
    }

    /// Opens a video encoder for frames of the given shape (`avcodec_open2`).
    ///
    /// Colour description and field order are taken from `source` (the decoder), so tags survive the re-encode;
    /// interlaced pictures are coded as interlaced, not deinterlaced.
    static func openVideo(
        settings: EncoderSettings, codec: UnsafePointer<AVCodec>, width: Int32, height: Int32, pixelFormat: AVPixelFormat,
        sampleAspectRatio: AVRational, timeBase: AVRational, frameRate: AVRational, source: CodecContext?,
        globalHeader: Bool
    ) throws(FFmpegError) -> FrameEncoder {
        let context = CodecContext(codec: codec)
        let c = context.pointer
        c.pointee.width = width
        c.pointee.height = height
        c.pointee.pix_fmt = pixelFormat
        c.pointee.sample_aspect_ratio = sampleAspectRatio.num > 0 ? sampleAspectRatio : AVRational(num: 1, den: 1)
        c.pointee.time_base = timeBase
        if frameRate.num > 0 && frameRate.den > 0 { c.pointee.framerate = frameRate }
        if let source {
            let s = source.pointer.pointee
            c.pointee.color_range = s.color_range
            c.pointee.color_primaries = s.color_primaries
            c.pointee.color_trc = s.color_trc
            c.pointee.colorspace = s.colorspace
            c.pointee.chroma_sample_location = s.chroma_sample_location
            if settings.tagsBT709 {
                c.pointee.color_range = AVCOL_RANGE_MPEG
                c.pointee.color_primaries = AVCOL_PRI_BT709
                c.pointee.color_trc = AVCOL_TRC_BT709
                c.pointee.colorspace = AVCOL_SPC_BT709
            }
            c.pointee.field_order = s.field_order
            let interlaced = [AV_FIELD_TT, AV_FIELD_BB, AV_FIELD_TB, AV_FIELD_BT].contains(s.field_order)
            if interlaced && settings.filter == "null" && (settings.codecName == "libx264" || settings.codecName == "mpeg2video") {
                c.pointee.flags |= Int32(reel_codec_flag_interlaced_dct()) | Int32(reel_codec_flag_interlaced_me())
            } else if !interlaced || settings.filter != "null" {
                c.pointee.field_order = interlaced ? AV_FIELD_PROGRESSIVE : s.field_order
            }
        }
        if let bitRate = settings.bitRate { c.pointee.bit_rate = bitRate }
        c.pointee.thread_count = 0
        if globalHeader { c.pointee.flags |= Int32(reel_codec_flag_global_header()) }
        var options = settings.options
        if settings.forcedKeyframeInterval != nil && settings.codecName == "libx264" && options["forced-idr"] == nil {
            options["forced-idr"] = "1"
        }
        try open(context, codec: codec, options: options)
        return FrameEncoder(context: context, codec: codec)
    }

    /// Opens an audio encoder (`avcodec_open2`); its time base is 1/sampleRate.
    static func openAudio(
        settings: EncoderSettings, codec: UnsafePointer<AVCodec>, sampleFormat: AVSampleFormat, sampleRate: Int32,
        layout: String, globalHeader: Bool
    ) throws(FFmpegError) -> FrameEncoder {
        let context = CodecContext(codec: codec)
        let c = context.pointer
        c.pointee.sample_fmt = sampleFormat
        c.pointee.sample_rate = sampleRate
        try check(av_channel_layout_from_string(&c.pointee.ch_layout, layout))
        c.pointee.time_base = AVRational(num: 1, den: sampleRate)
        let channels = Int64(c.pointee.ch_layout.nb_channels)
        c.pointee.bit_rate = settings.bitRate ?? (channels <= 1 ? 96_000 : channels == 2 ? 160_000 : 64_000 * channels)
        c.pointee.thread_count = 0
        if globalHeader { c.pointee.flags |= Int32(reel_codec_flag_global_header()) }
        try open(context, codec: codec, options: settings.options)
        return FrameEncoder(context: context, codec: codec)
    }

    private static func open(_ context: CodecContext, codec: UnsafePointer<AVCodec>, options: [String: String]) throws(FFmpegError) {
        var dict: OpaquePointer? = nil
        defer { av_dict_free(&dict) }
        for (key, value) in options { av_dict_set(&dict, key, value, 0) }
        try check(avcodec_open2(context.pointer, codec, &dict))
    }

    private static func list<T: Equatable>(_ pointer: UnsafePointer<T>?, end: T) -> [T] {
        guard let pointer else { return [] }
        var out: [T] = []
        var i = 0
        while pointer[i] != end {
            out.append(pointer[i])
            i += 1
        }
        return out
    }
}
