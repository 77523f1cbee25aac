internal import CFFmpeg
import Foundation

/// Decodes a JPEG or PNG file's bytes back into an `RGBImage` with libavcodec (`mjpeg` and `png` decoders).
///
/// Used to check what Reel wrote and to measure pictures; the format is recognised from the bytes.
enum ImageDecoder {
    /// The picture in `data` as RGB (`avcodec_send_packet`, `avcodec_receive_frame`, `sws_scale`).
    ///
    /// Throws `FFmpegError.invalidData` when the bytes are neither PNG nor JPEG or cannot be decoded.
    static func decode(_ data: Data) throws(FFmpegError) -> RGBImage {
        guard let format = sniff(data) else { throw .invalidData }
        let codecID = format == .jpeg ? AV_CODEC_ID_MJPEG : AV_CODEC_ID_PNG
        guard let codec = avcodec_find_decoder(codecID) else { throw .decoderNotFound }
        let context = CodecContext(codec: codec)
        try check(avcodec_open2(context.pointer, codec, nil))
        let packet = try Packet.holding(data)
        packet.pointer.pointee.flags |= reel_pkt_flag_key()
        let frame = Frame()
        try context.send(packet)
        try context.send(nil)
        guard try context.receive(into: frame) == .frame, frame.width > 0, frame.height > 0 else { throw .invalidData }
        let scaler = try Scaler(
            sourceWidth: frame.width, sourceHeight: frame.height, sourceFormat: frame.pixelFormat,
            sourceColorSpace: frame.colorSpace == AVCOL_SPC_UNSPECIFIED ? AVCOL_SPC_BT470BG : frame.colorSpace,
            sourceFullRange: format == .jpeg || frame.isFullRange,
            destinationWidth: frame.width, destinationHeight: frame.height, destinationFormat: AV_PIX_FMT_RGB24)
        return scaler.rgbImage(from: frame)
    }

    /// The picture in the file at `path`.
    ///
    /// Throws `MediaError`: `.fileNotFound`, `.emptyFile`, `.notMediaFile` for bytes that are not a PNG or JPEG.
    static func decode(contentsOf path: String) throws(MediaError) -> RGBImage {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .notAFile(path: path) }
        if data.isEmpty { throw .emptyFile(path: path) }
        do {
            return try decode(data)
        } catch {
            if error == .invalidData { throw .notMediaFile(path: path) }
            throw .ffmpeg(path: path, operation: "decoding the image", error: error)
        }
    }

    /// The format the bytes start like: PNG's signature or JPEG's start-of-image marker.
    static func sniff(_ data: Data) -> ImageFormat? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }
}
