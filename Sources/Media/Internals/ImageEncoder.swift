internal import CFFmpeg
import Foundation

/// Encodes an `RGBImage` as a JPEG or PNG file's bytes with libavcodec, in-process.
///
/// JPEG uses the `mjpeg` encoder on full-range 4:2:0 (`yuvj420p`, BT.601 as JFIF expects) at a fixed quantiser;
/// PNG uses the `png` encoder on `rgb24`.
enum ImageEncoder {
    /// The JPEG quantiser (2 = best, 31 = worst); 3 keeps thumbnails crisp at a modest size.
    static let jpegQuantizer: Int32 = 3

    /// The encoded bytes of `image` (`avcodec_send_frame`, `avcodec_receive_packet`).
    ///
    /// Throws `FFmpegError` (`.encoderNotFound` when this FFmpeg lacks the encoder).
    static func encode(_ image: RGBImage, as format: ImageFormat) throws(FFmpegError) -> Data {
        let codecID = format == .jpeg ? AV_CODEC_ID_MJPEG : AV_CODEC_ID_PNG
        let pixelFormat = format == .jpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_RGB24
        guard let codec = avcodec_find_encoder(codecID) else { throw .encoderNotFound }
        let context = CodecContext(codec: codec)
        let c = context.pointer
        c.pointee.width = Int32(image.width)
        c.pointee.height = Int32(image.height)
        c.pointee.pix_fmt = pixelFormat
        c.pointee.time_base = AVRational(num: 1, den: 25)
        c.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        if format == .jpeg {
            c.pointee.color_range = AVCOL_RANGE_JPEG
            c.pointee.colorspace = AVCOL_SPC_BT470BG
            c.pointee.flags |= Int32(AV_CODEC_FLAG_QSCALE)
            c.pointee.global_quality = jpegQuantizer * Int32(FF_QP2LAMBDA)
        }
        try check(avcodec_open2(c, codec, nil))

        let frame = try Frame.picture(width: image.width, height: image.height, format: pixelFormat)
        if format == .jpeg {
            let scaler = try Scaler(
                sourceWidth: image.width, sourceHeight: image.height, sourceFormat: AV_PIX_FMT_RGB24,
                destinationWidth: image.width, destinationHeight: image.height, destinationFormat: pixelFormat)
            scaler.convert(image, into: frame)
            frame.pointer.pointee.quality = c.pointee.global_quality
            frame.pointer.pointee.color_range = AVCOL_RANGE_JPEG
        } else {
            try check(av_frame_make_writable(frame.pointer))
            let stride = Int(frame.pointer.pointee.linesize.0)
            guard let plane = frame.pointer.pointee.data.0 else { throw .outOfMemory }
            image.pixels.withUnsafeBufferPointer { src in
                for row in 0..<image.height {
                    (plane + row * stride).update(from: src.baseAddress! + row * image.stride, count: image.stride)
                }
            }
        }
        frame.pointer.pointee.pts = 0

        var out = Data()
        let packet = Packet()
        try context.send(frame: frame)
        try context.send(frame: nil)
        while true {
            switch try context.receive(into: packet) {
            case .frame:
                out.append(packet.bytes)
                packet.unref()
            case .needsInput, .endOfStream:
                guard !out.isEmpty else { throw .invalidData }
                return out
            }
        }
    }
}
