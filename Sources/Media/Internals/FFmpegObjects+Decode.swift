internal import CFFmpeg
import Foundation

// Small additions to the owner classes for decoding stills and encoding images.

extension Frame {
    /// A frame with its own picture buffer of the given size and pixel format (`av_frame_get_buffer`).
    static func picture(width: Int, height: Int, format: AVPixelFormat) throws(FFmpegError) -> Frame {
        let frame = Frame()
        frame.pointer.pointee.width = Int32(width)
        frame.pointer.pointee.height = Int32(height)
        frame.pointer.pointee.format = format.rawValue
        try check(av_frame_get_buffer(frame.pointer, 0))
        return frame
    }

    /// Moves `other`'s picture into this frame, leaving `other` empty (`av_frame_unref`, `av_frame_move_ref`).
    func takePicture(from other: Frame) {
        av_frame_unref(pointer)
        av_frame_move_ref(pointer, other.pointer)
    }

    /// The colour matrix the picture was coded with (`AVFrame.colorspace`).
    var colorSpace: AVColorSpace { pointer.pointee.colorspace }

    /// Whether luma uses the full 0–255 range (`AVFrame.color_range` is JPEG).
    var isFullRange: Bool { pointer.pointee.color_range == AVCOL_RANGE_JPEG }
}

extension Packet {
    /// A packet holding a copy of `data`, with the padding decoders need (`av_new_packet`).
    static func holding(_ data: Data) throws(FFmpegError) -> Packet {
        let packet = Packet()
        guard data.count < Int(Int32.max) else { throw .invalidArgument }
        try check(av_new_packet(packet.pointer, Int32(data.count)))
        data.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 {
                packet.pointer.pointee.data.update(from: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
            }
        }
        return packet
    }

    /// The packet's bytes, copied out.
    var bytes: Data {
        guard let data = pointer.pointee.data, pointer.pointee.size > 0 else { return Data() }
        return Data(bytes: data, count: Int(pointer.pointee.size))
    }
}

extension InputFile {
    /// Seeks so that reading resumes at a keyframe of `stream` at or before `timestamp` when one is known, or
    /// else at the nearest one (`avformat_seek_file`, first with a maximum of `timestamp`, then without).
    ///
    /// Callers must check the first decoded frame: with an imprecise index the position can still be later.
    func seekToKeyframe(stream: Int, atOrBefore timestamp: Int64) throws(FFmpegError) {
        let exact = avformat_seek_file(pointer, Int32(stream), Int64.min, timestamp, timestamp, 0)
        if exact >= 0 { return }
        try check(avformat_seek_file(pointer, Int32(stream), Int64.min, timestamp, Int64.max, 0))
    }

    /// Stops the demuxer reading packets of every stream except `keep` (`AVStream.discard = AVDISCARD_ALL`).
    func discardAllStreams(except keep: Int) {
        for i in 0..<streamCount where i != keep {
            stream(i).pointee.discard = AVDISCARD_ALL
        }
    }
}
