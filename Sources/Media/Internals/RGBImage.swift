/// A colour in 8-bit RGB.
struct RGBColor: Sendable, Equatable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8

    static let black = RGBColor(red: 0, green: 0, blue: 0)
    static let white = RGBColor(red: 255, green: 255, blue: 255)
}

/// A picture in memory as packed 8-bit RGB (RGB24): rows top to bottom, `width * 3` bytes each, no padding.
///
/// The working surface for thumbnails and contact sheets: rotate, paste, fill and label it, then encode it.
struct RGBImage: Sendable, Equatable {
    private(set) var width: Int
    private(set) var height: Int
    /// `width * height * 3` bytes.
    var pixels: [UInt8]

    /// A picture of one colour.
    init(width: Int, height: Int, color: RGBColor = .black) {
        precondition(width > 0 && height > 0, "empty image \(width)x\(height)")
        self.width = width
        self.height = height
        if color.red == color.green && color.green == color.blue {
            pixels = [UInt8](repeating: color.red, count: width * height * 3)
        } else {
            var all = [UInt8](repeating: 0, count: width * height * 3)
            for i in Swift.stride(from: 0, to: all.count, by: 3) {
                all[i] = color.red
                all[i + 1] = color.green
                all[i + 2] = color.blue
            }
            pixels = all
        }
    }

    /// A picture over existing RGB24 bytes (`width * height * 3` of them).
    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "RGB24 buffer of \(pixels.count) bytes for \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Bytes per row.
    var stride: Int { width * 3 }

    /// The colour at a pixel.
    subscript(x: Int, y: Int) -> RGBColor {
        get {
            let i = (y * width + x) * 3
            return RGBColor(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
        }
        set {
            let i = (y * width + x) * 3
            pixels[i] = newValue.red
            pixels[i + 1] = newValue.green
            pixels[i + 2] = newValue.blue
        }
    }

    /// The brightness of a pixel, 0–255 (BT.601 weights, as a grey conversion does).
    func luma(x: Int, y: Int) -> Double {
        let i = (y * width + x) * 3
        return 0.299 * Double(pixels[i]) + 0.587 * Double(pixels[i + 1]) + 0.114 * Double(pixels[i + 2])
    }

    // MARK: Geometry

    /// The picture turned clockwise by 0, 90, 180 or 270 degrees (other values are rounded to a quarter turn).
    func rotated(clockwise degrees: Int) -> RGBImage {
        let quarter = ((degrees % 360 + 360) % 360 + 45) / 90 % 4
        if quarter == 0 { return self }
        let w = width
        let h = height
        var out = quarter == 2 ? RGBImage(width: w, height: h) : RGBImage(width: h, height: w)
        let ow = out.width
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for x in 0..<w {
                        let (dx, dy): (Int, Int)
                        switch quarter {
                        case 1: (dx, dy) = (h - 1 - y, x)  // top row becomes the right column
                        case 2: (dx, dy) = (w - 1 - x, h - 1 - y)
                        default: (dx, dy) = (y, w - 1 - x)  // top row becomes the left column
                        }
                        let s = (y * w + x) * 3
                        let d = (dy * ow + dx) * 3
                        dst[d] = src[s]
                        dst[d + 1] = src[s + 1]
                        dst[d + 2] = src[s + 2]
                    }
                }
            }
        }
        return out
    }

    /// Paints a rectangle, clipped to the picture.
    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: RGBColor) {
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(width, x + w)
        let y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            var i = (row * width + x0) * 3
            for _ in x0..<x1 {
                pixels[i] = color.red
                pixels[i + 1] = color.green
                pixels[i + 2] = color.blue
                i += 3
            }
        }
    }

    /// Darkens a rectangle towards black by `amount` (0 = unchanged, 1 = black), clipped to the picture.
    mutating func darken(x: Int, y: Int, width w: Int, height h: Int, amount: Double) {
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(width, x + w)
        let y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let keep = max(0, min(1, 1 - amount))
        for row in y0..<y1 {
            let start = (row * width + x0) * 3
            for i in start..<(start + (x1 - x0) * 3) {
                pixels[i] = UInt8((Double(pixels[i]) * keep).rounded())
            }
        }
    }

    /// Copies `image` with its top-left corner at (`x`, `y`), clipped to this picture.
    mutating func blit(_ image: RGBImage, x: Int, y: Int) {
        let x0 = max(0, x)
        let x1 = min(width, x + image.width)
        guard x0 < x1 else { return }
        let bytes = (x1 - x0) * 3
        for row in 0..<image.height {
            let dy = y + row
            guard dy >= 0, dy < height else { continue }
            let s = (row * image.width + (x0 - x)) * 3
            let d = (dy * width + x0) * 3
            pixels.replaceSubrange(d..<(d + bytes), with: image.pixels[s..<(s + bytes)])
        }
    }

    /// A copy of a rectangle of the picture, clipped to it.
    func cropped(x: Int, y: Int, width w: Int, height h: Int) -> RGBImage {
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(width, x + w)
        let y1 = min(height, y + h)
        precondition(x0 < x1 && y0 < y1, "crop outside the picture")
        var out: [UInt8] = []
        out.reserveCapacity((x1 - x0) * (y1 - y0) * 3)
        for row in y0..<y1 {
            let start = (row * width + x0) * 3
            out.append(contentsOf: pixels[start..<(start + (x1 - x0) * 3)])
        }
        return RGBImage(width: x1 - x0, height: y1 - y0, pixels: out)
    }

    // MARK: Text

    /// Draws `text` with the built-in 5×7 bitmap font, each font pixel a `scale`×`scale` square,
    /// its top-left corner at (`x`, `y`). Lower-case letters are drawn as capitals; unknown characters as `?`.
    mutating func drawText(_ text: String, x: Int, y: Int, scale: Int, color: RGBColor) {
        let s = max(1, scale)
        var penX = x
        for character in text {
            let rows = BitmapFont.glyph(for: character)
            for (row, bits) in rows.enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits & (1 << (BitmapFont.glyphWidth - 1 - column)) != 0 {
                    fill(x: penX + column * s, y: y + row * s, width: s, height: s, color: color)
                }
            }
            penX += BitmapFont.advance * s
        }
    }

    /// The size `drawText` covers for `text` at `scale` (without the spacing after the last character).
    static func textSize(_ text: String, scale: Int) -> (width: Int, height: Int) {
        let s = max(1, scale)
        let count = text.count
        guard count > 0 else { return (0, 0) }
        return ((count * BitmapFont.advance - (BitmapFont.advance - BitmapFont.glyphWidth)) * s, BitmapFont.glyphHeight * s)
    }

    // MARK: Measures

    /// How bright and how varied the picture is, for telling a real picture from a black, white or flat one.
    func lumaStatistics() -> LumaStatistics {
        // Every pixel of a small picture, a sample of about 40 000 of a large one.
        let step = max(1, Int((Double(width * height) / 40_000).squareRoot()))
        var sum = 0.0
        var sumSquares = 0.0
        var dark = 0
        var bright = 0
        var count = 0
        var y = 0
        while y < height {
            var x = 0
            while x < width {
                let l = luma(x: x, y: y)
                sum += l
                sumSquares += l * l
                if l < 24 { dark += 1 }
                if l > 232 { bright += 1 }
                count += 1
                x += step
            }
            y += step
        }
        let n = Double(max(1, count))
        let mean = sum / n
        return LumaStatistics(
            mean: mean, variance: max(0, sumSquares / n - mean * mean),
            darkFraction: Double(dark) / n, brightFraction: Double(bright) / n)
    }
}

/// Brightness facts of a picture (luma 0–255).
struct LumaStatistics: Sendable, Equatable {
    var mean: Double
    var variance: Double
    /// The share of pixels darker than 24.
    var darkFraction: Double
    /// The share of pixels brighter than 232.
    var brightFraction: Double
}
