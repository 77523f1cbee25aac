import Foundation

extension MediaFile {
    /// A `columns`×`rows` grid of frames spread evenly over the clip, each labelled with its time, as one image.
    ///
    /// Opens the file once. Tile k (reading order, from 0) stands for the time (k + 0.5) / (columns × rows) of the
    /// video's duration. With `exact`, it shows the frame on screen at that time, found as `thumbnail(at:)` does
    /// (seek to the keyframe before, decode forward). Otherwise, where the container indexes its keyframes, a
    /// keyframe within half a tile's spacing of that time is used instead (one decode per tile, as contact-sheet
    /// tools do), falling back to the exact frame when no keyframe is close enough; each tile's label and `time`
    /// always give the frame actually shown. Each tile is `tileWidth` pixels wide with the clip's display aspect (upright, square
    /// pixels), carries its frame's time as `HH:MM:SS.mmm` in a dark box at its bottom-left corner, and tiles are
    /// separated by a small dark gutter. The sheet is encoded once as `format`.
    /// Throws `MediaError`: `.noVideoStream`, the file's open errors, `.cancelled`, `.ffmpeg` when decoding or
    /// encoding fails or the grid is unreasonable (columns or rows outside 1…50, `tileWidth` outside 16…3840).
    public func contactSheet(columns: Int = 4, rows: Int = 3, tileWidth: Int = 320, format: ImageFormat = .jpeg, exact: Bool = false)
        async throws -> ContactSheet
    {
        let path = self.path
        guard (1...50).contains(columns), (1...50).contains(rows), (16...3840).contains(tileWidth) else {
            throw MediaError.ffmpeg(
                path: path, operation: "laying out a \(columns)×\(rows) contact sheet of \(tileWidth)-pixel tiles",
                error: .invalidArgument)
        }
        return try await runBlocking { flag in
            let decoder = try VideoDecoder(path: path, cancellation: flag)
            let duration = try decoder.measureDuration()
            let count = columns * rows
            let gutter = max(2, tileWidth / 64)
            let scale = max(1, tileWidth / 160)
            var tiles: [ContactSheet.Tile] = []
            var sheet: RGBImage? = nil
            var tileHeight = 0
            let keyframes = exact ? [] : decoder.indexedKeyframes()
            let halfSpacing = MediaTime(value: duration.value / Int64(2 * count), checkedBase: duration.timeBase)
            var previous: MediaTime? = nil
            for k in 0..<count {
                let requested = MediaFile.tileTime(k, of: count, duration: duration)
                var nearby: DecodedPicture? = nil
                if let key = MediaFile.nearestKeyframe(in: keyframes, to: decoder.timestamp(at: requested)),
                    let candidate = try decoder.keyframePicture(at: key),
                    candidate.time >= requested - halfSpacing, candidate.time <= requested + halfSpacing,
                    previous.map({ candidate.time > $0 }) ?? true
                {
                    nearby = candidate
                }
                let picture = try nearby ?? decoder.frame(at: requested)
                previous = picture.time
                var tile = try decoder.render(picture, width: tileWidth)
                if sheet == nil {
                    tileHeight = tile.height
                    sheet = RGBImage(
                        width: columns * tileWidth + (columns + 1) * gutter,
                        height: rows * tileHeight + (rows + 1) * gutter,
                        color: MediaFile.sheetBackground)
                }
                if tile.height != tileHeight {
                    // The picture size changed mid-stream: centre the picture in a tile of the usual size.
                    var boxed = RGBImage(width: tileWidth, height: tileHeight, color: .black)
                    boxed.blit(tile, x: 0, y: (tileHeight - tile.height) / 2)
                    tile = boxed
                }
                MediaFile.label(&tile, with: picture.time.clockString, scale: scale)
                let x = gutter + (k % columns) * (tileWidth + gutter)
                let y = gutter + (k / columns) * (tileHeight + gutter)
                sheet!.blit(tile, x: x, y: y)
                tiles.append(ContactSheet.Tile(
                    index: k, requestedTime: requested, time: picture.time, x: x, y: y, width: tileWidth, height: tileHeight))
            }
            let image = sheet!
            let data = try MediaFile.encode(image, as: format, path: path)
            return ContactSheet(
                data: data, format: format, width: image.width, height: image.height, columns: columns, rows: rows, tiles: tiles, duration: duration)
        }
    }

    /// The indexed keyframe timestamp nearest to `target`, or nil when there is no index.
    static func nearestKeyframe(in keyframes: [Int64], to target: Int64) -> Int64? {
        guard !keyframes.isEmpty else { return nil }
        var low = 0
        var high = keyframes.count
        while low < high {
            let mid = (low + high) / 2
            if keyframes[mid] <= target { low = mid + 1 } else { high = mid }
        }
        let after = low < keyframes.count ? keyframes[low] : nil
        let before = low > 0 ? keyframes[low - 1] : nil
        switch (before, after) {
        case let (b?, a?): return target - b <= a - target ? b : a
        case let (b?, nil): return b
        case let (nil, a?): return a
        default: return nil
        }
    }

    /// Makes a contact sheet and writes it atomically to `output` in the format its extension names.
    ///
    /// The output is checked before any decoding. Throws `MediaError`: `.outputNotWritable`, `.outputExists`
    /// (unless `overwrite`), and everything `contactSheet(columns:rows:tileWidth:format:)` throws.
    @discardableResult
    public func writeContactSheet(
        to output: String, columns: Int = 4, rows: Int = 3, tileWidth: Int = 320, exact: Bool = false, overwrite: Bool = false
    ) async throws -> ContactSheet {
        let format = try ImageFormat.forOutput(path: output, overwrite: overwrite)
        let sheet = try await contactSheet(columns: columns, rows: rows, tileWidth: tileWidth, format: format, exact: exact)
        try sheet.write(to: output, overwrite: overwrite)
        return sheet
    }

    // MARK: Internals

    static let sheetBackground = RGBColor(red: 20, green: 20, blue: 20)

    /// The time tile `k` of `count` shows: (k + 0.5) / count of `duration`, rounded down to the duration's time base.
    static func tileTime(_ k: Int, of count: Int, duration: MediaTime) -> MediaTime {
        let value = Int128(duration.value) * Int128(2 * k + 1) / Int128(2 * count)
        return MediaTime(value: Int64(clamping: value), checkedBase: duration.timeBase)
    }

    /// Draws `text` in white on a dark box at the bottom-left corner of `tile`.
    static func label(_ tile: inout RGBImage, with text: String, scale: Int) {
        let size = RGBImage.textSize(text, scale: scale)
        let pad = 2 * scale
        let boxWidth = size.width + 2 * pad
        let boxHeight = size.height + 2 * pad
        let y = tile.height - boxHeight
        tile.darken(x: 0, y: y, width: boxWidth, height: boxHeight, amount: 0.8)
        tile.drawText(text, x: pad, y: y + pad, scale: scale, color: .white)
    }
}
