internal import CFFmpeg

/// An error code returned by an FFmpeg function, with the text `av_strerror` gives for it.
///
/// Modelled on swift-system's `Errno`: a raw value, readable static names, and a `~=` so that
/// `catch FFmpegError.endOfFile` reads naturally.
public struct FFmpegError: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `AVERROR_EOF`: the end of the stream was reached.
    public static var endOfFile: FFmpegError { FFmpegError(rawValue: reel_averror_eof()) }
    /// `AVERROR(EAGAIN)`: output is not available in this state; send more input.
    public static var tryAgain: FFmpegError { FFmpegError(rawValue: reel_averror(EAGAIN)) }
    /// `AVERROR_INVALIDDATA`: the data could not be parsed.
    public static var invalidData: FFmpegError { FFmpegError(rawValue: reel_averror_invaliddata()) }
    /// `AVERROR(ENOENT)`: no such file.
    public static var noSuchFile: FFmpegError { FFmpegError(rawValue: reel_averror(ENOENT)) }
    /// `AVERROR(EACCES)`: permission denied.
    public static var permissionDenied: FFmpegError { FFmpegError(rawValue: reel_averror(EACCES)) }
    /// `AVERROR(ENOMEM)`: out of memory.
    public static var outOfMemory: FFmpegError { FFmpegError(rawValue: reel_averror(ENOMEM)) }
    /// `AVERROR(EINVAL)`: an invalid argument.
    public static var invalidArgument: FFmpegError { FFmpegError(rawValue: reel_averror(EINVAL)) }
    /// `AVERROR_DECODER_NOT_FOUND`.
    public static var decoderNotFound: FFmpegError { FFmpegError(rawValue: reel_averror_decoder_not_found()) }
    /// `AVERROR_ENCODER_NOT_FOUND`.
    public static var encoderNotFound: FFmpegError { FFmpegError(rawValue: reel_averror_encoder_not_found()) }
    /// `AVERROR(EINTR)`: the operation was interrupted (cancelled).
    public static var interrupted: FFmpegError { FFmpegError(rawValue: reel_averror(EINTR)) }

    /// The message `av_strerror` gives for this code.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 256)
        buffer.withUnsafeMutableBufferPointer { reel_strerror(rawValue, $0.baseAddress, $0.count) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func ~= (lhs: FFmpegError, rhs: any Error) -> Bool {
        (rhs as? FFmpegError) == lhs
    }
}

/// Turns a negative FFmpeg return value into a thrown `FFmpegError`; passes others through.
@discardableResult
func check(_ result: Int32) throws(FFmpegError) -> Int32 {
    if result < 0 { throw FFmpegError(rawValue: result) }
    return result
}
