import Foundation
import Testing

@testable import Media

/// Sample files, the ffprobe oracle and a barcode reader shared by the thumbnail and contact-sheet tests.
enum StillFixtures {
    /// The package root, found from this source file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func media(_ name: String) -> String { root.appendingPathComponent("Media").appendingPathComponent(name).path }

    static var hasFFmpeg: Bool {
        ["/usr/bin/ffprobe", "/usr/local/bin/ffprobe"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Every frame's presentation timestamp from ffprobe's packet list, relative to the stream start, in order.
    struct FrameTimes {
        var timeBase: Rational
        var timestamps: [Int64]
        /// From the first frame to the later of the video stream's end and the file's end, in seconds.
        var clipSeconds: Double

        func time(_ index: Int) -> MediaTime { try! MediaTime(value: timestamps[index], timeBase: timeBase) }

        /// The index of the frame on screen at `time`: the last one whose timestamp is at or before it.
        func index(at time: MediaTime) -> Int {
            var lo = 0
            var hi = timestamps.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if self.time(mid) <= time { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
    }

    private static let cache = Cache()
    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var times: [String: FrameTimes] = [:]
    }

    /// `ffprobe -select_streams v:0 -show_entries stream=time_base,start_pts:packet=pts` as sorted relative timestamps.
    static func frameTimes(_ path: String) throws -> FrameTimes {
        if let hit = cache.lock.withLock({ cache.times[path] }) { return hit }
        let data = try run("ffprobe", [
            "-v", "error", "-select_streams", "v:0", "-show_entries",
            "format=start_time,duration:stream=time_base,start_pts,start_time,duration:packet=pts", "-of", "json", path,
        ])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stream = try #require((json["streams"] as? [[String: Any]])?.first)
        let tb = try #require((stream["time_base"] as? String)?.split(separator: "/").compactMap { Int32($0) })
        let start = try #require(stream["start_pts"] as? Int)
        let packets = (json["packets"] as? [[String: Any]]) ?? []
        let pts = packets.compactMap { $0["pts"] as? Int }.map { Int64($0 - start) }.sorted()
        let format = try #require(json["format"] as? [String: Any])
        func seconds(_ dictionary: [String: Any], _ key: String) -> Double? { (dictionary[key] as? String).flatMap(Double.init) }
        let streamStart = seconds(stream, "start_time") ?? 0
        let fileEnd = (seconds(format, "start_time") ?? 0) + (seconds(format, "duration") ?? 0) - streamStart
        let clip = max(seconds(stream, "duration") ?? 0, fileEnd)
        let times = FrameTimes(timeBase: Rational(tb[0], tb[1]), timestamps: pts, clipSeconds: clip)
        cache.lock.withLock { cache.times[path] = times }
        return times
    }

    /// Runs a program and returns its standard output (`SampleMedia.run`); throws when it exits non-zero.
    static func run(_ program: String, _ arguments: [String]) throws -> Data {
        try SampleMedia.run(program, arguments)
    }

    enum Edge { case top, right }

    /// Reads the frame-index barcode (Media/README.md): 12 blocks along the strip, block k = bit k, threshold 128
    /// on the mean luma of each block's centre half. `codedHeight` is the clip's coded height, from which the strip
    /// thickness (16 × ⌈H/360⌉ px) follows, scaled to the picture; `.right` reads a picture turned 90° clockwise.
    static func barcode(_ image: RGBImage, codedHeight: Int, edge: Edge = .top) -> Int {
        let codedStrip = 16 * max(1, (codedHeight + 359) / 360)
        let across = edge == .top ? image.height : image.width  // the dimension that was the coded height
        let strip = max(2, codedStrip * across / codedHeight)
        let along = edge == .top ? image.width : image.height
        var value = 0
        for k in 0..<12 {
            let a0 = k * along / 12
            let a1 = (k + 1) * along / 12
            let q = max(1, (a1 - a0) / 4)
            let s0 = strip / 4
            let s1 = max(strip / 4 + 1, 3 * strip / 4)
            var total = 0.0
            var count = 0
            for a in (a0 + q)..<max(a0 + q + 1, a1 - q) {
                for s in s0..<s1 {
                    let (x, y) = edge == .top ? (a, s) : (image.width - 1 - s, a)
                    total += image.luma(x: x, y: y)
                    count += 1
                }
            }
            if total / Double(count) >= 128 { value |= 1 << k }
        }
        return value
    }

    /// A fresh empty folder for outputs.
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-thumb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// An audio-only file made with ffmpeg, for the no-video errors.
    static func audioOnlyFile(in folder: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent("voice-only.m4a")
        _ = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "aac", path])
        return path
    }
}

/// Clips with their coded height and whether the display turns the picture a quarter.
struct StillClip: Sendable, CustomTestStringConvertible {
    var name: String
    var codedHeight: Int
    var edge: StillFixtures.Edge = .top
    /// Frames before this carry no barcode (they are black).
    var barcodeFrom: Int = 0
    var testDescription: String { name }

    static let all: [StillClip] = [
        StillClip(name: "nurse-1080p.mp4", codedHeight: 1080),
        StillClip(name: "portrait-phone.mp4", codedHeight: 360, edge: .right),
        StillClip(name: "chaplain-hdr.mkv", codedHeight: 360),
        StillClip(name: "porter-prores.mov", codedHeight: 180),
        StillClip(name: "housekeeper-interlaced.ts", codedHeight: 576),
        StillClip(name: "receptionist.webm", codedHeight: 360),
        StillClip(name: "doctor-vfr.mp4", codedHeight: 360),
        StillClip(name: "lav-one-channel.mp4", codedHeight: 360),
        StillClip(name: "social-worker-multilang.mkv", codedHeight: 360),
        StillClip(name: "hca-long-gop.mp4", codedHeight: 180),
        StillClip(name: "family-support-black-start.mp4", codedHeight: 360, barcodeFrom: 50),
    ]
}

struct ThumbnailTests {
    /// The frame index in a full-size PNG thumbnail.
    private func frameIndex(_ thumbnail: Thumbnail, clip: StillClip) throws -> Int {
        let image = try ImageDecoder.decode(thumbnail.data)
        #expect(image.width == thumbnail.width && image.height == thumbnail.height)
        return StillFixtures.barcode(image, codedHeight: clip.codedHeight, edge: clip.edge)
    }

    @Test("the thumbnail is the frame on screen, at frame boundaries and between them", .enabled(if: StillFixtures.hasFFmpeg),
        arguments: StillClip.all)
    func exactFrames(clip: StillClip) async throws {
        let path = StillFixtures.media(clip.name)
        let frames = try StillFixtures.frameTimes(path)
        let n = frames.timestamps.count
        try #require(n > clip.barcodeFrom + 10)
        let file = MediaFile(path)
        let tick = try MediaTime(value: 1, timeBase: frames.timeBase)
        // Exactly on a frame's timestamp, one tick before it, and halfway to the next — spread over the clip,
        // including the first and the last frame.
        var picks = [clip.barcodeFrom, clip.barcodeFrom + 1, n / 3 + 1, n / 2, (2 * n) / 3 + 2, n - 2, n - 1]
        picks = Array(Set(picks.filter { $0 >= clip.barcodeFrom && $0 < n })).sorted()
        for k in picks {
            var requests: [(MediaTime, Int)] = [(frames.time(k), k)]
            if k > clip.barcodeFrom { requests.append((frames.time(k) - tick, k - 1)) }
            if k + 1 < n {
                let half = try MediaTime(value: (frames.timestamps[k] + frames.timestamps[k + 1]) / 2, timeBase: frames.timeBase)
                requests.append((half, k))
            }
            for (time, expected) in requests {
                let thumbnail = try await file.thumbnail(at: time, format: .png)
                #expect(try frameIndex(thumbnail, clip: clip) == expected, "\(clip.name) at \(time.seconds) s")
                #expect(thumbnail.actualTime == frames.time(expected), "\(clip.name) at \(time.seconds) s")
                #expect(thumbnail.requestedTime == time)
                if expected + 1 < n {
                    #expect(thumbnail.frameDuration == frames.time(expected + 1) - frames.time(expected))
                }
            }
        }
    }

    @Test("between the keyframes of a long GOP", arguments: [
        (13.37, 334), (9.96, 249), (10.0, 250), (19.999, 499), (20.0, 500), (24.96, 624), (0.0, 0), (5.0, 125),
    ])
    func longGOP(seconds: Double, expected: Int) async throws {
        let file = MediaFile(StillFixtures.media("hca-long-gop.mp4"))
        let thumbnail = try await file.thumbnail(at: MediaTime(seconds: seconds), format: .png)
        let image = try ImageDecoder.decode(thumbnail.data)
        #expect(StillFixtures.barcode(image, codedHeight: 180) == expected)
        #expect(try thumbnail.actualTime == MediaTime(value: Int64(expected), timeBase: Rational(1, 25)))
        #expect(try thumbnail.frameDuration == MediaTime(value: 1, timeBase: Rational(1, 25)))
    }

    @Test("t = k / fps gives frame k, and a microsecond earlier frame k − 1", arguments: [
        ("nurse-1080p.mp4", Rational(25, 1), 1080, [1, 24, 25, 26, 99, 150, 199]),
        ("portrait-phone.mp4", Rational(30, 1), 360, [1, 29, 30, 31, 101, 179]),
        ("hca-long-gop.mp4", Rational(25, 1), 180, [249, 250, 251, 333, 334, 499, 500, 501]),
        ("housekeeper-interlaced.ts", Rational(25, 1), 576, [1, 12, 13, 24, 25, 26, 100, 149]),
        ("receptionist.webm", Rational(25, 1), 360, [1, 49, 50, 51, 149]),
    ])
    func frameBoundaries(name: String, rate: Rational, codedHeight: Int, frames: [Int]) async throws {
        let file = MediaFile(StillFixtures.media(name))
        let edge: StillFixtures.Edge = name.hasPrefix("portrait") ? .right : .top
        for k in frames {
            let onBoundary = try MediaTime(value: Int64(k), timeBase: rate.inverted)
            let thumbnail = try await file.thumbnail(at: onBoundary, format: .png)
            let image = try ImageDecoder.decode(thumbnail.data)
            #expect(StillFixtures.barcode(image, codedHeight: codedHeight, edge: edge) == k, "\(name) frame \(k)")
            #expect(thumbnail.actualTime == onBoundary, "\(name) frame \(k)")
            let justBefore = onBoundary - MediaTime(microseconds: 1)
            let earlier = try await file.thumbnail(at: justBefore, format: .png)
            let earlierImage = try ImageDecoder.decode(earlier.data)
            #expect(StillFixtures.barcode(earlierImage, codedHeight: codedHeight, edge: edge) == k - 1, "\(name) before frame \(k)")
        }
    }

    @Test func portraitClipGivesPortraitPicture() async throws {
        let file = MediaFile(StillFixtures.media("portrait-phone.mp4"))
        let full = try await file.thumbnail(at: MediaTime(milliseconds: 2000), format: .png)
        #expect(full.width == 360 && full.height == 640)
        let image = try ImageDecoder.decode(full.data)
        // Turned upright, the barcode that runs along the top of the coded picture runs down the right edge.
        #expect(StillFixtures.barcode(image, codedHeight: 360, edge: .right) == 60)
        #expect(StillFixtures.barcode(image, codedHeight: 360, edge: .top) != 60)
        let small = try await file.thumbnail(at: MediaTime(milliseconds: 2000), width: 180)
        #expect(small.width == 180 && small.height == 320)
        let smallImage = try ImageDecoder.decode(small.data)
        #expect(smallImage.width == 180 && smallImage.height == 320)
    }

    @Test("a display matrix turns the picture the way a player does", .enabled(if: StillFixtures.hasFFmpeg),
        arguments: [(270, 90), (180, 180), (90, 270)])
    func rotation(rotateTag: Int, clockwise: Int) async throws {
        let folder = try StillFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // ffmpeg 5.1 writes a display matrix from the `rotate` tag when stream copying; rotate=270 means a
        // player turns the picture 90° clockwise (as in portrait-phone.mp4).
        let path = folder + "/turned.mp4"
        _ = try StillFixtures.run("ffmpeg", [
            "-v", "error", "-y", "-i", StillFixtures.media("hca-long-gop.mp4"), "-map", "0:v", "-c", "copy",
            "-metadata:s:v:0", "rotate=\(rotateTag)", path,
        ])
        let info = try await MediaFile(path).probe()
        #expect(info.videoStream?.video?.rotation == clockwise)
        let thumbnail = try await MediaFile(path).thumbnail(at: MediaTime(milliseconds: 13370), format: .png)
        let quarter = clockwise % 180 == 90
        #expect(thumbnail.width == (quarter ? 180 : 320) && thumbnail.height == (quarter ? 320 : 180))
        // Turning the picture back by the rest of a full turn puts the barcode on top again.
        let upright = try ImageDecoder.decode(thumbnail.data).rotated(clockwise: 360 - clockwise)
        #expect(StillFixtures.barcode(upright, codedHeight: 180) == 334)
    }

    @Test("non-square pixels are shown at their display width", .enabled(if: StillFixtures.hasFFmpeg))
    func anamorphic() async throws {
        let folder = try StillFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 480x360 coded with 4:3 pixels: a player shows it 640x360.
        let path = folder + "/anamorphic.mp4"
        _ = try StillFixtures.run("ffmpeg", [
            "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=480x360:r=25:d=1,setsar=4/3", "-c:v", "libx264",
            "-pix_fmt", "yuv420p", path,
        ])
        let full = try await MediaFile(path).thumbnail(at: MediaTime(milliseconds: 500))
        #expect(full.width == 640 && full.height == 360)
        let small = try await MediaFile(path).thumbnail(at: MediaTime(milliseconds: 500), width: 320)
        #expect(small.width == 320 && small.height == 180)
    }

    @Test("the requested width is respected and the height keeps the shape, rounded to even", arguments: [
        ("nurse-1080p.mp4", 320, 180), ("nurse-1080p.mp4", 333, 188), ("nurse-1080p.mp4", 2560, 1440),
        ("housekeeper-interlaced.ts", 360, 288), ("portrait-phone.mp4", 90, 160), ("hca-long-gop.mp4", 100, 56),
    ])
    func requestedWidth(name: String, width: Int, height: Int) async throws {
        let thumbnail = try await MediaFile(StillFixtures.media(name)).thumbnail(at: MediaTime(milliseconds: 1000), width: width)
        #expect(thumbnail.width == width && thumbnail.height == height)
        #expect(thumbnail.format == .jpeg)
        #expect(thumbnail.data.starts(with: [0xFF, 0xD8, 0xFF]))
        let image = try ImageDecoder.decode(thumbnail.data)
        #expect(image.width == width && image.height == height)
    }

    @Test func jpegKeepsThePicture() async throws {
        // The barcode survives JPEG compression: the colours are right, not just the size.
        let file = MediaFile(StillFixtures.media("nurse-1080p.mp4"))
        let jpeg = try await file.thumbnail(at: MediaTime(milliseconds: 4200))
        let image = try ImageDecoder.decode(jpeg.data)
        #expect(StillFixtures.barcode(image, codedHeight: 1080) == 105)
        #expect(image.lumaStatistics().variance > 1000)
    }

    @Test("MPEG-TS times count from the stream's first frame, not the container clock")
    func transportStreamStartsAtZero() async throws {
        let path = StillFixtures.media("housekeeper-interlaced.ts")
        let info = try await MediaFile(path).probe()
        #expect((info.startTime?.seconds ?? 0) > 0.5)
        let first = try await MediaFile(path).thumbnail(at: .zero, format: .png)
        #expect(first.actualTime == .zero)
        #expect(StillFixtures.barcode(try ImageDecoder.decode(first.data), codedHeight: 576) == 0)
    }

    @Test("a time at or after the end, or before the start, names the file and the duration", arguments: [8.0, 8.001, 120.0, -0.5])
    func timeOutOfRange(seconds: Double) async throws {
        let path = StillFixtures.media("nurse-1080p.mp4")
        let time = try MediaTime(seconds: seconds)
        let error = await #expect(throws: MediaError.self) { try await MediaFile(path).thumbnail(at: time) }
        guard case .timeOutOfRange(let p, let t, let duration)? = error else {
            Issue.record("expected timeOutOfRange, got \(String(describing: error))")
            return
        }
        #expect(p == path && t == time && duration == MediaTime(milliseconds: 8000))
        #expect(error?.description == "\(path): time \(time.clockString) is outside the clip (duration 00:00:08.000)")
    }

    @Test func lastFrameCoversUpToTheEnd() async throws {
        let file = MediaFile(StillFixtures.media("nurse-1080p.mp4"))
        let thumbnail = try await file.thumbnail(at: MediaTime(milliseconds: 7999), format: .png)
        #expect(StillFixtures.barcode(try ImageDecoder.decode(thumbnail.data), codedHeight: 1080) == 199)
        #expect(thumbnail.frameDuration == MediaTime(milliseconds: 40))
    }

    @Test(.enabled(if: StillFixtures.hasFFmpeg))
    func noVideoStream() async throws {
        let folder = try StillFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try StillFixtures.audioOnlyFile(in: folder)
        let file = MediaFile(path)
        await #expect(throws: MediaError.noVideoStream(path: path)) { try await file.thumbnail(at: .zero) }
        await #expect(throws: MediaError.noVideoStream(path: path)) { try await file.posterFrame() }
        #expect(MediaError.noVideoStream(path: path).description == "\(path): no video stream")
    }

    @Test("every broken file gives its one-line reason", arguments: [
        ("empty.mp4", "empty file (0 bytes): not a media file"),
        ("truncated.mp4", "truncated or unfinished recording: no index (moov) found"),
        ("random.mov", "not a media file"),
        ("notes.mp4", "not a media file"),
        ("no-such-file.mp4", "no such file"),
    ])
    func brokenFiles(name: String, reason: String) async throws {
        let path = StillFixtures.media("broken/" + name)
        let file = MediaFile(path)
        for attempt in 0..<3 {
            do {
                switch attempt {
                case 0: _ = try await file.thumbnail(at: MediaTime(milliseconds: 1000))
                case 1: _ = try await file.posterFrame()
                default: _ = try await file.writeThumbnail(at: .zero, to: NSTemporaryDirectory() + "reel-never-\(UUID()).jpg")
                }
                Issue.record("\(name) gave a picture")
            } catch let error as MediaError {
                #expect(error.description == "\(path): \(reason)")
            }
        }
    }

    @Test func posterOfBlackStartIsNotBlack() async throws {
        let file = MediaFile(StillFixtures.media("family-support-black-start.mp4"))
        let poster = try await file.posterFrame(format: .png)
        #expect(poster.requestedTime == nil)
        #expect(poster.actualTime >= MediaTime(milliseconds: 2000))  // frames 0–49 are black
        let image = try ImageDecoder.decode(poster.data)
        let stats = image.lumaStatistics()
        #expect(stats.mean > 40 && stats.variance > 150)
        #expect(StillFixtures.barcode(image, codedHeight: 360) >= 50)
        // The first 2 s really are black, so skipping them was a choice, not luck.
        let black = try ImageDecoder.decode(try await file.thumbnail(at: MediaTime(milliseconds: 1000), format: .png).data)
        #expect(black.lumaStatistics().mean < 16)
    }

    @Test("a poster frame comes from every clip", arguments: StillClip.all)
    func posterForEveryClip(clip: StillClip) async throws {
        let poster = try await MediaFile(StillFixtures.media(clip.name)).posterFrame(width: 160)
        #expect(poster.width == 160)
        let stats = try ImageDecoder.decode(poster.data).lumaStatistics()
        #expect(stats.mean >= 16 && stats.mean <= 235)
    }

    @Test func writesAtomicallyAndNamesTheOutput() async throws {
        let folder = try StillFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = MediaFile(StillFixtures.media("hca-long-gop.mp4"))
        let out = folder + "/frame.png"
        let written = try await file.writeThumbnail(at: MediaTime(milliseconds: 13370), to: out)
        #expect(written.format == .png)
        let image = try ImageDecoder.decode(contentsOf: out)
        #expect(StillFixtures.barcode(image, codedHeight: 180) == 334)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["frame.png"])

        // Existing output: refused unless overwriting, and left as it was.
        await #expect(throws: MediaError.outputExists(path: out)) {
            try await file.writeThumbnail(at: MediaTime(milliseconds: 1000), to: out)
        }
        #expect(StillFixtures.barcode(try ImageDecoder.decode(contentsOf: out), codedHeight: 180) == 334)
        try await file.writeThumbnail(at: MediaTime(milliseconds: 1000), to: out, overwrite: true)
        #expect(StillFixtures.barcode(try ImageDecoder.decode(contentsOf: out), codedHeight: 180) == 25)

        // A missing folder or an unknown extension: the error names the output, and nothing is written.
        let missing = folder + "/no-such-folder/frame.jpg"
        let error = await #expect(throws: MediaError.self) { try await file.writeThumbnail(at: .zero, to: missing) }
        #expect(error?.description == "\(missing): cannot write output: the folder \(folder)/no-such-folder does not exist")
        let gif = folder + "/frame.gif"
        let gifError = await #expect(throws: MediaError.self) { try await file.writeThumbnail(at: .zero, to: gif) }
        #expect(gifError?.description == "\(gif): cannot write output: the extension '.gif' is not an image format Reel writes (use .jpg or .png)")
        let underFile = out + "/frame.jpg"
        let underError = await #expect(throws: MediaError.self) { try await file.writeThumbnail(at: .zero, to: underFile) }
        #expect(underError?.description == "\(underFile): cannot write output: \(out) is not a folder")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["frame.png"])
    }

    @Test func writeFailureLeavesNoTemporaryFile() throws {
        let folder = try StillFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A folder where the image should go: the rename fails after the temporary file was written.
        try FileManager.default.createDirectory(atPath: folder + "/taken.jpg", withIntermediateDirectories: false)
        #expect(throws: MediaError.self) {
            try Thumbnail(data: Data([1, 2, 3]), format: .jpeg, width: 1, height: 1, requestedTime: nil, actualTime: .zero,
                frameDuration: nil).write(to: folder + "/taken.jpg", overwrite: true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken.jpg"])
    }

    @Test func imageFormatFromExtension() {
        #expect(ImageFormat(pathExtension: "JPG") == .jpeg)
        #expect(ImageFormat(pathExtension: ".jpeg") == .jpeg)
        #expect(ImageFormat(pathExtension: "png") == .png)
        #expect(ImageFormat(pathExtension: "gif") == nil)
        #expect(ImageFormat(pathExtension: "") == nil)
    }
}

struct RGBImageTests {
    /// A 3×2 picture whose pixels are numbered 0…5 in reading order (in the red channel).
    private func numbered() -> RGBImage {
        var image = RGBImage(width: 3, height: 2)
        for y in 0..<2 {
            for x in 0..<3 { image[x, y] = RGBColor(red: UInt8(y * 3 + x), green: 0, blue: 0) }
        }
        return image
    }

    private func reds(_ image: RGBImage) -> [[UInt8]] {
        (0..<image.height).map { y in (0..<image.width).map { x in image[x, y].red } }
    }

    @Test func rotatesClockwise() {
        let image = numbered()  // 0 1 2 / 3 4 5
        #expect(reds(image.rotated(clockwise: 90)) == [[3, 0], [4, 1], [5, 2]])
        #expect(reds(image.rotated(clockwise: 180)) == [[5, 4, 3], [2, 1, 0]])
        #expect(reds(image.rotated(clockwise: 270)) == [[2, 5], [1, 4], [0, 3]])
        #expect(image.rotated(clockwise: 0) == image)
        #expect(image.rotated(clockwise: 90).rotated(clockwise: 270) == image)
    }

    @Test func blitFillAndCropClip() {
        var canvas = RGBImage(width: 4, height: 4, color: .white)
        canvas.blit(numbered(), x: 2, y: 3)  // only the top-left 2×1 of it fits
        #expect(reds(canvas)[3] == [255, 255, 0, 1])
        canvas.fill(x: -2, y: -2, width: 3, height: 3, color: .black)
        #expect(canvas[0, 0] == .black && canvas[1, 0] == .white && canvas[0, 1] == .white)
        #expect(canvas.cropped(x: 2, y: 3, width: 5, height: 5).width == 2)
    }

    @Test func labelsUseTheBuiltInFont() {
        for character in "0123456789:.-" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
            #expect(BitmapFont.covers(character))
            #expect(BitmapFont.glyph(for: character).contains { $0 != 0 }, "\(character) has no pixels")
        }
        // Every digit looks different, so a timecode can be read.
        let digits = (0...9).map { BitmapFont.glyph(for: Character(String($0))) }
        #expect(Set(digits.map { $0.description }).count == 10)
        var a = RGBImage(width: 80, height: 10)
        var b = a
        a.drawText("00:00:01.000", x: 1, y: 1, scale: 1, color: .white)
        b.drawText("00:00:07.000", x: 1, y: 1, scale: 1, color: .white)
        #expect(a != b)
        #expect(RGBImage.textSize("00:00:01.000", scale: 2) == (142, 14))
    }

    @Test func encodesAndDecodesBothFormats() throws {
        var image = RGBImage(width: 64, height: 48, color: RGBColor(red: 200, green: 30, blue: 60))
        image.fill(x: 0, y: 0, width: 32, height: 48, color: .white)
        let png = try ImageEncoder.encode(image, as: .png)
        #expect(try ImageDecoder.decode(png) == image)  // lossless
        let jpeg = try ImageEncoder.encode(image, as: .jpeg)
        let back = try ImageDecoder.decode(jpeg)
        #expect(back.width == 64 && back.height == 48)
        let pixel = back[48, 24]
        #expect(abs(Int(pixel.red) - 200) < 12 && abs(Int(pixel.green) - 30) < 12 && abs(Int(pixel.blue) - 60) < 12)
        #expect(back[8, 8].red > 245)
        #expect(throws: FFmpegError.invalidData) { try ImageDecoder.decode(Data("not an image".utf8)) }
    }
}
