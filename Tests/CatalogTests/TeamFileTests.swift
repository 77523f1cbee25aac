import Catalog
import Foundation
import Testing

/// Issue 9 item 5: presets, taxonomy and audiences are found by one rule, each with a built-in fallback.
struct TeamFileTests {
    @Test func theShippedPresetsFileIsTheBuiltInOne() throws {
        let text = try String(contentsOfFile: TestSupport.root.appendingPathComponent("Catalog/presets.yaml").path, encoding: .utf8)
        #expect(text == PresetLibrary.standardYAML + "\n", "Catalog/presets.yaml and PresetLibrary+Standard.swift differ")
        #expect(PresetLibrary.standard.names == ["web-1080p", "web-720p", "hls", "archive", "audio"])
        #expect(try PresetLibrary.inForce(file: nil) == .standard)
    }

    @Test(arguments: TeamFile.allCases) func everyFileFollowsTheSameLookup(_ kind: TeamFile) throws {
        let folder = try TestSupport.temporaryFolder("files")
        defer { TestSupport.cleanUp(folder) }
        let elsewhere = try TestSupport.temporaryFolder("cwd")
        defer { TestSupport.cleanUp(elsewhere) }
        let catalog = folder + "/team/catalog.sqlite"
        try FileManager.default.createDirectory(atPath: folder + "/team", withIntermediateDirectories: true)
        // Nothing anywhere: the built-in one (nil), run from any folder.
        #expect(kind.path(explicit: nil, catalogPath: catalog, environment: [:], currentFolder: elsewhere) == nil)
        // Catalog/<file> under the current folder.
        try FileManager.default.createDirectory(atPath: elsewhere + "/Catalog", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: elsewhere + "/Catalog/" + kind.fileName, contents: Data())
        #expect(kind.path(explicit: nil, catalogPath: catalog, environment: [:], currentFolder: elsewhere) == "Catalog/" + kind.fileName)
        // Beside the catalogue wins over the current folder.
        FileManager.default.createFile(atPath: folder + "/team/" + kind.fileName, contents: Data())
        #expect(kind.path(explicit: nil, catalogPath: catalog, environment: [:], currentFolder: elsewhere) == folder + "/team/" + kind.fileName)
        // The environment, then the option, win over both, even when the file does not exist (so the error names it).
        #expect(kind.path(explicit: nil, catalogPath: catalog, environment: [kind.environmentVariable: "/env.yaml"], currentFolder: elsewhere) == "/env.yaml")
        #expect(kind.path(explicit: "/x.yaml", catalogPath: catalog, environment: [kind.environmentVariable: "/env.yaml"], currentFolder: elsewhere) == "/x.yaml")
    }

    @Test func aMissingPresetsFileNamesTheOption() {
        let error = #expect(throws: PresetLibrary.LoadError.self) { try PresetLibrary.inForce(file: "/nowhere/presets.yaml") }
        #expect(error?.description == "/nowhere/presets.yaml: no such file: name the presets file with --presets PATH (or $REEL_PRESETS), or leave both out to use presets.yaml beside the catalogue, else the built-in presets")
    }
}
