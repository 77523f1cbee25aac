import Foundation
import Testing

@testable import Media

struct ContactSheetTests {
    @Test("tiles are evenly spread and each shows the frame on screen at its time", .enabled(if: StillFixtures.hasFFmpeg),
        arguments: [
            (StillClip.all[9], 4, 3, 320),  // hca-long-gop: 25 s, keyframes only every 10 s
            (StillClip.all[0], 3, 2, 480),  // nurse-1080p
            (StillClip.all[6], 5, 2, 160),  // doctor-vfr: variable frame rate
            (StillClip.all[4], 2, 2, 240),  // housekeeper-interlaced.ts: starts at 1.4 s
            (StillClip.all[1], 4, 1, 180),  // portrait-phone: tiles are portrait
        ])
    func tilesShowTheRightFrames(clip: StillClip, columns: Int, rows: Int, tileWidth: Int) async throws {
        let path = StillFixtures.media(clip.name)
        let frames = try StillFixtures.frameTimes(path)
        let info = try await MediaFile(path).probe()
        let video = try #require(info.videoStream?.video)
        let sheet = try await MediaFile(path).contactSheet(columns: columns, rows: rows, tileWidth: tileWidth, format: .png, exact: true)
        let count = columns * rows
        #expect(sheet.tiles.count == count)
        #expect(sheet.columns == columns && sheet.rows == rows)
        // The clip runs from the first frame to the later of the video's end and the file's end (doctor-vfr.mp4's
        // video stream ends at its last frame, 5.933 s; the file, and the last frame on screen, at 6 s).
        let duration = sheet.duration
        #expect(abs(duration.seconds - frames.clipSeconds) < 0.0015, "duration \(duration.seconds), ffprobe \(frames.clipSeconds)")

        // Geometry: every tile the requested width with the clip's display shape, in a grid with equal gutters.
        let tileHeight = Int((Double(tileWidth) * Double(video.displayHeight) / Double(video.displayWidth) / 2).rounded()) * 2
        let gutter = sheet.tiles[0].x
        #expect(gutter > 0 && sheet.tiles[0].y == gutter)
        #expect(sheet.width == columns * tileWidth + (columns + 1) * gutter)
        #expect(sheet.height == rows * tileHeight + (rows + 1) * gutter)
        let image = try ImageDecoder.decode(sheet.data)
        #expect(image.width == sheet.width && image.height == sheet.height)

        for (k, tile) in sheet.tiles.enumerated() {
            #expect(tile.index == k)
            #expect(tile.width == tileWidth && tile.height == tileHeight)
            #expect(tile.x == gutter + (k % columns) * (tileWidth + gutter))
            #expect(tile.y == gutter + (k / columns) * (tileHeight + gutter))
            // Evenly spread: tile k at (k + 0.5) / count of the duration, to within one time-base unit.
            let ideal = duration.seconds * (Double(k) + 0.5) / Double(count)
            #expect(abs(tile.requestedTime.seconds - ideal) <= duration.timeBase.doubleValue + 1e-9, "tile \(k)")
            // The frame shown is the one on screen then, by the ffprobe oracle and by the picture's own barcode.
            let expected = frames.index(at: tile.requestedTime)
            #expect(tile.time == frames.time(expected), "tile \(k)")
            let picture = image.cropped(x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            #expect(StillFixtures.barcode(picture, codedHeight: clip.codedHeight, edge: clip.edge) == expected, "tile \(k)")
        }
    }

    @Test("by default tiles may use a nearby keyframe, and then say so truthfully", .enabled(if: StillFixtures.hasFFmpeg),
        arguments: [StillClip.all[0], StillClip.all[9], StillClip.all[1]])
    func fastTilesAreTruthful(clip: StillClip) async throws {
        let path = StillFixtures.media(clip.name)
        let frames = try StillFixtures.frameTimes(path)
        let sheet = try await MediaFile(path).contactSheet(columns: 4, rows: 3, tileWidth: 240, format: .png)
        let image = try ImageDecoder.decode(sheet.data)
        let half = sheet.duration.seconds / 24 + 0.001
        for tile in sheet.tiles {
            // Each tile is the exact frame or one within half a tile's spacing of its time, and its label tells which.
            #expect(abs(tile.time.seconds - tile.requestedTime.seconds) <= half, "tile \(tile.index)")
            let expected = frames.index(at: tile.time)
            #expect(tile.time == frames.time(expected))
            let picture = image.cropped(x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            #expect(StillFixtures.barcode(picture, codedHeight: clip.codedHeight, edge: clip.edge) == expected, "tile \(tile.index)")
        }
        #expect(zip(sheet.tiles, sheet.tiles.dropFirst()).allSatisfy { $0.time < $1.time })
    }

    @Test func nearestKeyframeSearch() {
        #expect(MediaFile.nearestKeyframe(in: [], to: 5) == nil)
        #expect(MediaFile.nearestKeyframe(in: [0, 50, 100], to: 20) == 0)
        #expect(MediaFile.nearestKeyframe(in: [0, 50, 100], to: 30) == 50)
        #expect(MediaFile.nearestKeyframe(in: [0, 50, 100], to: 500) == 100)
        #expect(MediaFile.nearestKeyframe(in: [10, 50], to: 0) == 10)
    }

    @Test func tilesCarryTheirTimeLabel() async throws {
        let file = MediaFile(StillFixtures.media("hca-long-gop.mp4"))
        let sheet = try await file.contactSheet(columns: 2, rows: 1, format: .png, exact: true)
        let image = try ImageDecoder.decode(sheet.data)
        #expect(sheet.tiles[0].time.clockString != sheet.tiles[1].time.clockString)
        for tile in sheet.tiles {
            let picture = image.cropped(x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            let plain = try ImageDecoder.decode(try await file.thumbnail(at: tile.requestedTime, width: 320, format: .png).data)
            let label = tile.time.clockString
            let size = RGBImage.textSize(label, scale: 2)
            let pad = 4
            // The label, drawn by the built-in font, in white on a box in the bottom-left corner that darkens the picture.
            var ink = RGBImage(width: size.width, height: size.height)
            ink.drawText(label, x: 0, y: 0, scale: 2, color: .white)
            let boxTop = tile.height - size.height - 2 * pad
            var inkPixels = 0
            var darkened = 0
            var boxPixels = 0
            for y in boxTop..<tile.height {
                for x in 0..<(size.width + 2 * pad) {
                    let (tx, ty) = (x - pad, y - boxTop - pad)
                    let isInk = tx >= 0 && ty >= 0 && tx < size.width && ty < size.height && ink[tx, ty] == .white
                    if isInk {
                        if picture[x, y] == .white { inkPixels += 1 }
                    } else {
                        boxPixels += 1
                        if picture.luma(x: x, y: y) <= plain.luma(x: x, y: y) * 0.25 + 2 { darkened += 1 }
                    }
                }
            }
            let expectedInk = (0..<size.height).reduce(0) { sum, y in sum + (0..<size.width).filter { ink[$0, y] == .white }.count }
            #expect(expectedInk > 100 && inkPixels == expectedInk, "tile \(tile.index) reads \(label)")
            #expect(darkened == boxPixels, "tile \(tile.index) label box")
            // Above the label the tile is the plain picture.
            #expect(picture.cropped(x: 0, y: 0, width: tile.width, height: boxTop) == plain.cropped(x: 0, y: 0, width: tile.width, height: boxTop))
            // Right of the box too.
            #expect(
                picture.cropped(x: size.width + 2 * pad, y: boxTop, width: tile.width, height: tile.height)
                    == plain.cropped(x: size.width + 2 * pad, y: boxTop, width: tile.width, height: tile.height))
        }
    }

    @Test func defaultsAndJPEG() async throws {
        let sheet = try await MediaFile(StillFixtures.media("receptionist.webm")).contactSheet()
        #expect(sheet.format == .jpeg && sheet.columns == 4 && sheet.rows == 3 && sheet.tiles.count == 12)
        #expect(sheet.tiles.allSatisfy { $0.width == 320 && $0.height == 180 })
        let image = try ImageDecoder.decode(sheet.data)
        #expect(image.width == sheet.width && image.height == sheet.height)
        #expect(zip(sheet.tiles, sheet.tiles.dropFirst()).allSatisfy { $0.time < $1.time })
    }

    @Test func writesAtomically() async throws {
        let folder = try StillFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = MediaFile(StillFixtures.media("porter-prores.mov"))
        let out = folder + "/sheet.jpg"
        let sheet = try await file.writeContactSheet(to: out, columns: 2, rows: 2, tileWidth: 160)
        #expect(try ImageDecoder.decode(contentsOf: out).width == sheet.width)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["sheet.jpg"])
        await #expect(throws: MediaError.outputExists(path: out)) { try await file.writeContactSheet(to: out) }
        let missing = folder + "/gone/sheet.jpg"
        let error = await #expect(throws: MediaError.self) { try await file.writeContactSheet(to: missing) }
        #expect(error?.description == "\(missing): cannot write output: the folder \(folder)/gone does not exist")
    }

    @Test("broken files and unusable grids give one-line reasons", arguments: [
        ("broken/empty.mp4", "empty file (0 bytes): not a media file"),
        ("broken/truncated.mp4", "truncated or unfinished recording: no index (moov) found"),
        ("broken/random.mov", "not a media file"),
        ("broken/notes.mp4", "not a media file"),
    ])
    func brokenFiles(name: String, reason: String) async throws {
        let path = StillFixtures.media(name)
        let error = await #expect(throws: MediaError.self) { try await MediaFile(path).contactSheet() }
        #expect(error?.description == "\(path): \(reason)")
    }

    @Test(.enabled(if: StillFixtures.hasFFmpeg))
    func noVideoStream() async throws {
        let folder = try StillFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try StillFixtures.audioOnlyFile(in: folder)
        let error = await #expect(throws: MediaError.self) { try await MediaFile(path).contactSheet() }
        #expect(error?.description == "\(path): no video stream")
    }

    @Test func unusableGrid() async throws {
        let path = StillFixtures.media("nurse-1080p.mp4")
        let error = await #expect(throws: MediaError.self) { try await MediaFile(path).contactSheet(columns: 0) }
        #expect(error?.description.hasPrefix("\(path): laying out a 0×3 contact sheet") == true)
    }
}
