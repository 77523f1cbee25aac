import Foundation

extension MediaFile {
    /// The frame shown at `time`, exactly: the frame whose display interval [its time, the next frame's time)
    /// contains `time`, turned upright, with square pixels, scaled to `width` pixels across (default: the
    /// display width; the height follows the display aspect, rounded to an even number) and encoded as `format`.
    ///
    /// `time` is measured from the start of the video stream (its first frame is at 0, even when an MPEG-TS file's
    /// timestamps start at 1.4 s); `Thumbnail.actualTime` is the returned frame's time on the same scale.
    /// Seeks with `avformat_seek_file` to the keyframe at or before `time`, then decodes forward
    /// (`avcodec_send_packet`/`avcodec_receive_frame`) and converts with `sws_scale`.
    /// Throws `MediaError`: `.timeOutOfRange` (before 0, or at/after the end), `.noVideoStream`, the file's open
    /// errors (missing, empty, not media, truncated), `.cancelled`, `.ffmpeg` when decoding or encoding fails.
    public func thumbnail(at time: MediaTime, width: Int? = nil, format: ImageFormat = .jpeg) async throws -> Thumbnail {
        let path = self.path
        return try await runBlocking { flag in
            let decoder = try VideoDecoder(path: path, cancellation: flag)
            let picture = try decoder.frame(at: time)
            return try MediaFile.makeThumbnail(picture, decoder: decoder, width: width, format: format, requestedTime: time)
        }
    }

    /// A representative frame that is neither black, nearly white nor a flat colour, for catalogue listings.
    ///
    /// Looks at 8 times spread from 5 % to 95 % of the clip and takes the first whose mean luma is between 16 and
    /// 235, that is not almost entirely dark or bright, and whose luma varies (variance at least 150); when none
    /// qualifies, the most varied of them. The result's `requestedTime` is nil. Width and format as in
    /// `thumbnail(at:width:format:)`. Throws `MediaError` as that method does.
    public func posterFrame(width: Int? = nil, format: ImageFormat = .jpeg) async throws -> Thumbnail {
        let path = self.path
        return try await runBlocking { flag in
            let decoder = try VideoDecoder(path: path, cancellation: flag)
            let duration = try decoder.measureDuration()
            var best: (picture: DecodedPicture, variance: Double)? = nil
            var seen: Set<MediaTime> = []
            for time in MediaFile.posterCandidateTimes(duration: duration) {
                let picture = try decoder.frame(at: time)
                guard seen.insert(picture.time).inserted else { continue }
                let stats = try MediaFile.measure(picture, decoder: decoder)
                if MediaFile.isPosterWorthy(stats) {
                    return try MediaFile.makeThumbnail(picture, decoder: decoder, width: width, format: format, requestedTime: nil)
                }
                if best == nil || stats.variance > best!.variance { best = (picture, stats.variance) }
            }
            guard let best else {
                throw MediaError.ffmpeg(path: path, operation: "choosing a poster frame", error: .invalidData)
            }
            return try MediaFile.makeThumbnail(best.picture, decoder: decoder, width: width, format: format, requestedTime: nil)
        }
    }

    /// Takes the frame at `time` (or, when `time` is nil, the poster frame) and writes it atomically to `output`
    /// in the format its extension names (`.jpg`, `.jpeg`, `.png`).
    ///
    /// The output is checked before any decoding, so a bad destination costs nothing; the image goes to a
    /// temporary file beside `output` that is renamed into place, and removed on failure.
    /// Throws `MediaError`: `.outputNotWritable` (unknown extension, missing or read-only folder), `.outputExists`
    /// (unless `overwrite`), and everything `thumbnail(at:width:format:)` throws.
    @discardableResult
    public func writeThumbnail(at time: MediaTime?, to output: String, width: Int? = nil, overwrite: Bool = false) async throws
        -> Thumbnail
    {
        let format = try ImageFormat.forOutput(path: output, overwrite: overwrite)
        let thumbnail =
            if let time {
                try await self.thumbnail(at: time, width: width, format: format)
            } else {
                try await posterFrame(width: width, format: format)
            }
        try thumbnail.write(to: output, overwrite: overwrite)
        return thumbnail
    }

    // MARK: Internals

    /// Renders and encodes a decoded picture.
    static func makeThumbnail(
        _ picture: DecodedPicture, decoder: VideoDecoder, width: Int?, format: ImageFormat, requestedTime: MediaTime?
    ) throws(MediaError) -> Thumbnail {
        let image = try decoder.render(picture, width: width)
        let data = try encode(image, as: format, path: decoder.path)
        return Thumbnail(
            data: data, format: format, width: image.width, height: image.height,
            requestedTime: requestedTime, actualTime: picture.time, frameDuration: picture.duration)
    }

    /// Encodes an image, naming the file on failure.
    static func encode(_ image: RGBImage, as format: ImageFormat, path: String) throws(MediaError) -> Data {
        do {
            return try ImageEncoder.encode(image, as: format)
        } catch {
            throw .ffmpeg(path: path, operation: "encoding the \(format == .jpeg ? "JPEG" : "PNG") image", error: error)
        }
    }

    /// Eight times from 5 % to 95 % of `duration`, in its time base.
    static func posterCandidateTimes(duration: MediaTime) -> [MediaTime] {
        (0..<8).map { i in
            let fraction = 0.05 + 0.9 * Double(i) / 7
            let value = Int64((Double(duration.value) * fraction).rounded(.down))
            return MediaTime(value: min(max(0, value), max(0, duration.value - 1)), checkedBase: duration.timeBase)
        }
    }

    /// Brightness facts of a picture, measured on a small copy.
    static func measure(_ picture: DecodedPicture, decoder: VideoDecoder) throws(MediaError) -> LumaStatistics {
        let frame = picture.frame
        let width = min(frame.width, 160)
        let height = max(1, Int((Double(width) * Double(frame.height) / Double(max(1, frame.width))).rounded()))
        return try decoder.rgb(frame, width: width, height: height).lumaStatistics()
    }

    /// Whether a picture is worth showing: not near black, not near white, not a flat colour.
    static func isPosterWorthy(_ stats: LumaStatistics) -> Bool {
        stats.mean >= 16 && stats.mean <= 235 && stats.darkFraction <= 0.9 && stats.brightFraction <= 0.9
            && stats.variance >= 150
    }
}
