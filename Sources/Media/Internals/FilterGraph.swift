internal import CFFmpeg
import Foundation

/// Owns an `AVFilterGraph` with one `buffer`/`abuffer` source and one `buffersink`/`abuffersink`.
///
/// The graph is built from a libavfilter description (`"null"`, `"scale=1280:-2,yadif"`, `"anull"`,
/// `"loudnorm"`…) followed by a `format`/`aformat` filter that pins the output to what the encoder takes.
/// Frames go in with `push(_:)` and come out with `pull(into:)`; the filter contexts belong to the graph and
/// are freed with it (`avfilter_graph_free`).
final class FilterGraph {
    /// What the frames pushed into a video graph look like.
    struct VideoInput: Equatable {
        var width: Int32
        var height: Int32
        var pixelFormat: AVPixelFormat
        var timeBase: AVRational
        var sampleAspectRatio: AVRational
        var frameRate: AVRational

        static func == (a: VideoInput, b: VideoInput) -> Bool {
            a.width == b.width && a.height == b.height && a.pixelFormat == b.pixelFormat
                && av_cmp_q(a.sampleAspectRatio, b.sampleAspectRatio) == 0
        }

        /// The same description with a frame's size, format and aspect ratio.
        func matching(_ frame: Frame) -> VideoInput {
            var copy = self
            copy.width = frame.pointer.pointee.width
            copy.height = frame.pointer.pointee.height
            copy.pixelFormat = AVPixelFormat(rawValue: frame.pointer.pointee.format)
            let sar = frame.pointer.pointee.sample_aspect_ratio
            if sar.num > 0 && sar.den > 0 { copy.sampleAspectRatio = sar }
            return copy
        }
    }

    /// What the frames pushed into an audio graph look like (time base is 1/sampleRate).
    struct AudioInput: Equatable {
        var sampleRate: Int32
        var sampleFormat: AVSampleFormat
        /// A layout name `av_channel_layout_from_string` accepts, e.g. `stereo`, `mono`, `5.1(side)`.
        var layout: String

        /// The same description for a frame's rate, format and channel layout.
        static func of(_ frame: Frame) -> AudioInput {
            let f = frame.pointer.pointee
            return AudioInput(
                sampleRate: f.sample_rate, sampleFormat: AVSampleFormat(rawValue: f.format),
                layout: FilterGraph.layoutName(f.ch_layout))
        }
    }

    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let source: UnsafeMutablePointer<AVFilterContext>
    private let sink: UnsafeMutablePointer<AVFilterContext>
    /// The description it was built from (for rebuilding after a mid-stream format change).
    let description: String

    /// Builds a video graph: `buffer` → `filter` → `format=pix_fmts=<output>` → `buffersink`.
    init(video input: VideoInput, filter: String, outputPixelFormat: AVPixelFormat) throws(FFmpegError) {
        let fmtName = string(av_get_pix_fmt_name(outputPixelFormat)) ?? "yuv420p"
        description = "\(filter.isEmpty ? "null" : filter),format=pix_fmts=\(fmtName)"
        var sar = input.sampleAspectRatio
        if sar.num <= 0 || sar.den <= 0 { sar = AVRational(num: 0, den: 1) }
        var args = "video_size=\(input.width)x\(input.height):pix_fmt=\(input.pixelFormat.rawValue)"
        args += ":time_base=\(input.timeBase.num)/\(input.timeBase.den):pixel_aspect=\(sar.num)/\(sar.den)"
        if input.frameRate.num > 0 && input.frameRate.den > 0 {
            args += ":frame_rate=\(input.frameRate.num)/\(input.frameRate.den)"
        }
        (graph, source, sink) = try FilterGraph.build(
            sourceName: "buffer", sourceArgs: args, sinkName: "buffersink", description: description)
    }

    /// Builds an audio graph: `abuffer` → `filter` → `aformat=…` → `abuffersink`, delivering frames of exactly
    /// `frameSize` samples (the last may be shorter) when `frameSize` > 0 (`av_buffersink_set_frame_size`).
    init(
        audio input: AudioInput, filter: String, sampleFormat: AVSampleFormat, sampleRate: Int32, layout: String,
        frameSize: Int32
    ) throws(FFmpegError) {
        let fmtName = string(av_get_sample_fmt_name(sampleFormat)) ?? "fltp"
        description = "\(filter.isEmpty ? "anull" : filter),aformat=sample_fmts=\(fmtName):sample_rates=\(sampleRate):channel_layouts=\(layout)"
        let inFmt = string(av_get_sample_fmt_name(input.sampleFormat)) ?? "fltp"
        let args = "time_base=1/\(input.sampleRate):sample_rate=\(input.sampleRate):sample_fmt=\(inFmt):channel_layout=\(input.layout)"
        (graph, source, sink) = try FilterGraph.build(
            sourceName: "abuffer", sourceArgs: args, sinkName: "abuffersink", description: description)
        if frameSize > 0 { av_buffersink_set_frame_size(sink, UInt32(frameSize)) }
    }

    deinit {
        avfilter_graph_free(&graph)
    }

    /// Feeds a frame in (`av_buffersrc_add_frame_flags`, keeping the caller's reference); nil marks the end.
    func push(_ frame: Frame?) throws(FFmpegError) {
        if let frame {
            try check(av_buffersrc_add_frame_flags(source, frame.pointer, Int32(reel_buffersrc_flag_keep_ref())))
        } else {
            try check(av_buffersrc_add_frame_flags(source, nil, 0))
        }
    }

    /// Takes the next filtered frame (`av_buffersink_get_frame_flags`).
    func pull(into frame: Frame) throws(FFmpegError) -> ReceiveResult {
        let r = av_buffersink_get_frame_flags(sink, frame.pointer, 0)
        if r == reel_averror(EAGAIN) { return .needsInput }
        if r == reel_averror_eof() { return .endOfStream }
        try check(r)
        return .frame
    }

    /// The time base of the frames coming out (`av_buffersink_get_time_base`).
    var outputTimeBase: AVRational { av_buffersink_get_time_base(sink) }
    /// The frame rate the graph reports for its output, 0/1 when unknown (`av_buffersink_get_frame_rate`).
    var outputFrameRate: AVRational { av_buffersink_get_frame_rate(sink) }
    var outputWidth: Int32 { av_buffersink_get_w(sink) }
    var outputHeight: Int32 { av_buffersink_get_h(sink) }
    var outputPixelFormat: AVPixelFormat { AVPixelFormat(rawValue: av_buffersink_get_format(sink)) }
    var outputSampleAspectRatio: AVRational { av_buffersink_get_sample_aspect_ratio(sink) }
    var outputSampleFormat: AVSampleFormat { AVSampleFormat(rawValue: av_buffersink_get_format(sink)) }
    var outputSampleRate: Int32 { av_buffersink_get_sample_rate(sink) }

    /// Copies the output channel layout into `layout` (`av_buffersink_get_ch_layout`); the caller uninits it.
    func outputLayout(into layout: inout AVChannelLayout) throws(FFmpegError) {
        try check(av_buffersink_get_ch_layout(sink, &layout))
    }

    /// A name for a channel layout that `abuffer`/`aformat` accept; an unordered layout gets the default
    /// layout for its channel count (`av_channel_layout_default`, `av_channel_layout_describe`).
    static func layoutName(_ layout: AVChannelLayout) -> String {
        var l = layout
        var def = AVChannelLayout()
        defer { av_channel_layout_uninit(&def) }
        if l.order == AV_CHANNEL_ORDER_UNSPEC || l.nb_channels == 0 {
            av_channel_layout_default(&def, max(1, l.nb_channels))
            l = def
        }
        var buffer = [CChar](repeating: 0, count: 128)
        if av_channel_layout_describe(&l, &buffer, buffer.count) > 0 {
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return l.nb_channels == 1 ? "mono" : "stereo"
    }

    /// `avfilter_graph_alloc`, `avfilter_graph_create_filter`, `avfilter_graph_parse_ptr`, `avfilter_graph_config`.
    private static func build(
        sourceName: String, sourceArgs: String, sinkName: String, description: String
    ) throws(FFmpegError) -> (UnsafeMutablePointer<AVFilterGraph>?, UnsafeMutablePointer<AVFilterContext>, UnsafeMutablePointer<AVFilterContext>) {
        var graph: UnsafeMutablePointer<AVFilterGraph>? = avfilter_graph_alloc()
        guard let g = graph else { throw .outOfMemory }
        var ok = false
        defer { if !ok { avfilter_graph_free(&graph) } }
        var src: UnsafeMutablePointer<AVFilterContext>? = nil
        var snk: UnsafeMutablePointer<AVFilterContext>? = nil
        try check(avfilter_graph_create_filter(&src, avfilter_get_by_name(sourceName), "in", sourceArgs, nil, g))
        try check(avfilter_graph_create_filter(&snk, avfilter_get_by_name(sinkName), "out", nil, nil, g))
        guard let src, let snk else { throw .outOfMemory }
        var outputs = avfilter_inout_alloc()
        var inputs = avfilter_inout_alloc()
        defer {
            avfilter_inout_free(&outputs)
            avfilter_inout_free(&inputs)
        }
        guard let o = outputs, let i = inputs else { throw .outOfMemory }
        o.pointee.name = av_strdup("in")
        o.pointee.filter_ctx = src
        o.pointee.pad_idx = 0
        o.pointee.next = nil
        i.pointee.name = av_strdup("out")
        i.pointee.filter_ctx = snk
        i.pointee.pad_idx = 0
        i.pointee.next = nil
        try check(avfilter_graph_parse_ptr(g, description, &inputs, &outputs, nil))
        try check(avfilter_graph_config(g, nil))
        ok = true
        return (graph, src, snk)
    }
}
