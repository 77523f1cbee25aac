import Foundation
import Testing
@testable import Catalog

/// XXH64 against the reference vectors (as printed by `xxh64sum` 0.8.1) and its own one-shot form.
struct XXH64Tests {
    /// Byte i of the test buffer is (31·i + 7) mod 256.
    static let data: [UInt8] = (0..<1000).map { UInt8(($0 * 31 + 7) % 256) }

    @Test(arguments: [
        (0, "ef46db3751d8e999"), (31, "4a74f3a1a39ad4a1"), (32, "8d57d6a4671cc43d"), (33, "62c9fd21ed857664"),
        (100, "efa0ad2d3e70c151"), (1000, "99594f4828043d35"),
    ])
    func referenceVectors(length: Int, expected: String) {
        var h = XXH64()
        h.update(Self.data.prefix(length))
        #expect(h.hexDigest() == expected)
    }

    @Test func abcMatchesThePublishedValue() {
        var h = XXH64()
        h.update(Array("abc".utf8))
        #expect(h.digest() == 0x44BC_2CF5_AD77_0999)
    }

    @Test(arguments: [1, 3, 7, 31, 32, 33, 64, 999])
    func feedingInPiecesGivesTheSameHash(piece: Int) {
        var h = XXH64()
        var i = 0
        while i < Self.data.count {
            h.update(Self.data[i..<min(i + piece, Self.data.count)])
            i += piece
        }
        #expect(h.hexDigest() == "99594f4828043d35")
        #expect(XXH64.hash(Self.data) == h.digest())
    }

    @Test func fileChecksumMatchesXxh64sumOnTheSampleFootage() throws {
        let path = TestSupport.media("nurse-1080p.mp4")
        let (checksum, size) = try ContentHasher.checksum(ofFile: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(size == (attributes[.size] as! NSNumber).int64Value)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xxh64sum") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xxh64sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(out.hasPrefix(checksum + " "))
    }

    @Test func missingFileIsReportedWithItsPath() {
        #expect(throws: ImportFailure.self) { try ContentHasher.checksum(ofFile: "/nonexistent/clip.mp4") }
        do {
            _ = try ContentHasher.checksum(ofFile: "/nonexistent/clip.mp4")
        } catch {
            #expect("\(error)" == "/nonexistent/clip.mp4: no such file")
        }
    }

    @Test func verifiedCopyLeavesAnIdenticalFileAndNoTemporary() throws {
        let dir = try TestSupport.temporaryFolder("copy")
        defer { TestSupport.cleanUp(dir) }
        let source = TestSupport.media("lav-one-channel.mp4")
        let (sum, _) = try ContentHasher.checksum(ofFile: source)
        let dest = (dir as NSString).appendingPathComponent("sub/lav.mp4")
        try ContentHasher.verifiedCopy(from: source, to: dest, expected: sum)
        #expect(try ContentHasher.checksum(ofFile: dest).checksum == sum)
        #expect(try FileManager.default.contentsOfDirectory(atPath: (dir as NSString).appendingPathComponent("sub")) == ["lav.mp4"])
        // A wrong expectation (the source "changed") leaves nothing behind.
        let other = (dir as NSString).appendingPathComponent("sub/other.mp4")
        #expect(throws: ImportFailure.self) { try ContentHasher.verifiedCopy(from: source, to: other, expected: "0000000000000000") }
        #expect(!FileManager.default.fileExists(atPath: other))
        #expect(try FileManager.default.contentsOfDirectory(atPath: (dir as NSString).appendingPathComponent("sub")) == ["lav.mp4"])
    }
}
