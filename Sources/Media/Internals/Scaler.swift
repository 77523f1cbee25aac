internal import CFFmpeg

/// Owns a `SwsContext` that converts and resizes pictures of one size and pixel format into another;
/// freed with `sws_freeContext`.
final class Scaler {
    private let context: OpaquePointer
    let sourceWidth: Int
    let sourceHeight: Int
    let sourceFormat: AVPixelFormat
    let destinationWidth: Int
    let destinationHeight: Int
    let destinationFormat: AVPixelFormat

    /// A converter from one picture geometry to another (`sws_getContext`, bicubic, full chroma, accurate rounding).
    ///
    /// `sourceColorSpace` and `sourceFullRange` describe YUV input (BT.601, BT.709, BT.2020…); RGB output is full range.
    /// Throws `FFmpegError.invalidArgument` when swscale cannot convert between the formats or sizes.
    init(
        sourceWidth: Int, sourceHeight: Int, sourceFormat: AVPixelFormat, sourceColorSpace: AVColorSpace = AVCOL_SPC_UNSPECIFIED,
        sourceFullRange: Bool = false, destinationWidth: Int, destinationHeight: Int, destinationFormat: AVPixelFormat
    ) throws(FFmpegError) {
        guard sourceWidth > 0, sourceHeight > 0, destinationWidth > 0, destinationHeight > 0,
            destinationWidth <= 16384, destinationHeight <= 16384
        else { throw .invalidArgument }
        let flags = reel_sws_bicubic() | Int32(SWS_ACCURATE_RND) | Int32(SWS_FULL_CHR_H_INT) | Int32(SWS_FULL_CHR_H_INP)
        guard let ctx = sws_getContext(
            Int32(sourceWidth), Int32(sourceHeight), sourceFormat,
            Int32(destinationWidth), Int32(destinationHeight), destinationFormat,
            flags, nil, nil, nil)
        else { throw .invalidArgument }
        context = ctx
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.sourceFormat = sourceFormat
        self.destinationWidth = destinationWidth
        self.destinationHeight = destinationHeight
        self.destinationFormat = destinationFormat

        if Scaler.isYUV(sourceFormat) {
            // swscale assumes BT.601 unless told; HD material without a tag is almost always BT.709.
            var space = Int32(bitPattern: sourceColorSpace.rawValue)
            if sourceColorSpace == AVCOL_SPC_UNSPECIFIED || sourceColorSpace == AVCOL_SPC_RGB || sourceColorSpace == AVCOL_SPC_RESERVED {
                space = sourceHeight >= 720 ? Int32(SWS_CS_ITU709) : Int32(SWS_CS_ITU601)
            }
            let full = sourceFullRange || Scaler.isJPEGRange(sourceFormat)
            let outputIsYUV = Scaler.isYUV(destinationFormat)
            let outputFull = !outputIsYUV || Scaler.isJPEGRange(destinationFormat)
            sws_setColorspaceDetails(
                ctx, sws_getCoefficients(space), full ? 1 : 0,
                sws_getCoefficients(outputIsYUV ? Int32(SWS_CS_ITU601) : space), outputFull ? 1 : 0,
                0, 1 << 16, 1 << 16)
        }
    }

    deinit { sws_freeContext(context) }

    /// Whether this scaler was made for pictures of `frame`'s size and format.
    func accepts(_ frame: Frame) -> Bool {
        frame.width == sourceWidth && frame.height == sourceHeight && frame.pixelFormat == sourceFormat
    }

    /// Converts a decoded picture into a new RGB image of the destination size (`sws_scale`).
    ///
    /// The destination format must be `AV_PIX_FMT_RGB24`.
    func rgbImage(from frame: Frame) -> RGBImage {
        precondition(destinationFormat == AV_PIX_FMT_RGB24 && accepts(frame))
        var image = RGBImage(width: destinationWidth, height: destinationHeight)
        let stride = Int32(image.stride)
        var data = frame.pointer.pointee.data
        var lines = frame.pointer.pointee.linesize
        image.pixels.withUnsafeMutableBufferPointer { buffer in
            var dst: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            var dstStride: [Int32] = [stride, 0, 0, 0]
            withUnsafePointer(to: &data) { dataTuple in
                dataTuple.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { src in
                    withUnsafePointer(to: &lines) { linesTuple in
                        linesTuple.withMemoryRebound(to: Int32.self, capacity: 8) { srcStride in
                            _ = sws_scale(context, src, srcStride, 0, Int32(sourceHeight), &dst, &dstStride)
                        }
                    }
                }
            }
        }
        return image
    }

    /// Converts an RGB image into the planes of `frame`, which must already have a buffer of the
    /// destination size and format (`sws_scale`).
    func convert(_ image: RGBImage, into frame: Frame) {
        precondition(sourceFormat == AV_PIX_FMT_RGB24 && image.width == sourceWidth && image.height == sourceHeight)
        var data = frame.pointer.pointee.data
        var lines = frame.pointer.pointee.linesize
        image.pixels.withUnsafeBufferPointer { buffer in
            var src: [UnsafePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            var srcStride: [Int32] = [Int32(image.stride), 0, 0, 0]
            withUnsafePointer(to: &data) { dataTuple in
                dataTuple.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 8) { dst in
                    withUnsafePointer(to: &lines) { linesTuple in
                        linesTuple.withMemoryRebound(to: Int32.self, capacity: 8) { dstStride in
                            _ = sws_scale(context, &src, &srcStride, 0, Int32(sourceHeight), dst, dstStride)
                        }
                    }
                }
            }
        }
    }

    /// Whether a pixel format stores luma and chroma (rather than RGB or palette).
    static func isYUV(_ format: AVPixelFormat) -> Bool {
        guard let desc = av_pix_fmt_desc_get(format) else { return false }
        let flags = Int32(truncatingIfNeeded: desc.pointee.flags)
        return flags & reel_pix_fmt_flag_rgb() == 0 && desc.pointee.nb_components >= 3
    }

    /// The deprecated `yuvj*` formats, which mean full-range YUV.
    static func isJPEGRange(_ format: AVPixelFormat) -> Bool {
        [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P, AV_PIX_FMT_YUVJ440P, AV_PIX_FMT_YUVJ411P].contains(format)
    }
}
