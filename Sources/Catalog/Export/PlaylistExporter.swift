import Foundation
import GRDB
import Media
import Playlists

/// Exports a stored playlist in one format, checking consent at the moment of export.
///
/// The entries come from `Catalog.exportablePlaylistItems(_:at:)`: an item whose speaker's consent was withdrawn
/// (or expired) since the build is left out of every file, listed in the report, and any trimmed file an
/// earlier export made for it is deleted from the media folder.
public struct PlaylistExporter: Sendable {
    /// The catalogue the playlists are in.
    public var catalog: Catalog
    /// For the audience's label in the files.
    public var audiences: AudienceProfileSet
    /// The preset an HTML export makes pieces through when a browser cannot play the clip as trimmed (HDR, more
    /// than 8 bits, 4:2:2, interlaced): `web-720p` unless the team's presets say otherwise.
    public var webPreset: Preset

    /// The built-in `web-720p` preset.
    public static var standardWebPreset: Preset { PresetLibrary.standard.preset(named: "web-720p")! }

    /// An exporter over `catalog`, labelling audiences from `audiences`, converting for browsers with `webPreset`.
    public init(catalog: Catalog, audiences: AudienceProfileSet = .standard, webPreset: Preset = PlaylistExporter.standardWebPreset) {
        self.catalog = catalog
        self.audiences = audiences
        self.webPreset = webPreset
    }

    /// A name safe as a file name on every system: `Clinical induction` → `clinical-induction`.
    public static func slug(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_") {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        let trimmed = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "playlist" : trimmed
    }

    /// Where an export goes: `output` as given, or inside it when it is a folder (or ends with `/`), or
    /// `<slug>.<suffix>` in the current folder when nil. Absolute.
    public static func outputPath(for name: String, format: PlaylistExportFormat, output: String?) -> String {
        let file = slug(name) + format.fileSuffix
        guard let output, !output.isEmpty else { return Catalog.absolutePath(file) }
        var isDirectory: ObjCBool = false
        if output.hasSuffix("/") || (FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) && isDirectory.boolValue) {
            return Catalog.absolutePath((output as NSString).appendingPathComponent(file))
        }
        return Catalog.absolutePath(output)
    }

    /// The media folder beside an export: `clinical.m3u8` → `clinical.media`.
    public static func mediaFolder(for output: String, format: PlaylistExportFormat) -> String {
        let folder = (output as NSString).deletingLastPathComponent
        var base = (output as NSString).lastPathComponent
        if base.lowercased().hasSuffix(format.fileSuffix) {
            base = String(base.dropLast(format.fileSuffix.count))
        } else {
            base = (base as NSString).deletingPathExtension
        }
        return (folder as NSString).appendingPathComponent(base + ".media")
    }

    /// Writes playlist `name` as `format` to `output` (see `outputPath(for:format:output:)`), consent as of `date`.
    ///
    /// M3U8 and HTML also trim each item into the media folder beside the file (`progress` gets pieces done and
    /// total); for HTML, an item a browser cannot play as trimmed is made through `webPreset` instead (SDR, 8-bit
    /// 4:2:0, progressive, the preset's size) and listed in the report's `converted`. Other formats only delete,
    /// from an existing media folder, pieces of items no longer exported.
    /// A file already at the output path is replaced only when Reel wrote it there and it is unchanged since (the
    /// folder's `.reel-exports.json` records each export's name and XXH64), or with `overwrite`.
    ///
    /// Throws `PlaylistError.unknownPlaylist`, `.nothingToExport` when consent left nothing, `.cannotWrite` (also
    /// for a file Reel did not write, before anything is done); `MediaError` when a clip cannot be trimmed.
    public func export(
        _ name: String, format: PlaylistExportFormat, to output: String? = nil, at date: Date = Date(), overwrite: Bool = false,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> PlaylistExportReport {
        let selection = try catalog.exportablePlaylistItems(named: name, at: date)
        guard !selection.usable.isEmpty else {
            throw selection.leftOut.isEmpty
                ? PlaylistError.emptyPlaylist(selection.playlist.name) : PlaylistError.nothingToExport(selection.playlist.name)
        }
        let timeline = PlaylistTimeline(selection: selection)
        let taxonomy = catalog.taxonomy
        let audienceLabel = audiences.profile(id: selection.playlist.audienceID)?.label
        let path = PlaylistExporter.outputPath(for: selection.playlist.name, format: format, output: output)
        let folder = (path as NSString).deletingLastPathComponent
        if !overwrite && !ExportRecord.mayReplace(path) {
            throw PlaylistError.cannotWrite(
                path: path, reason: "already exists and Reel did not write it, so it is not replaced (move it, or use --overwrite)")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PlaylistError.cannotWrite(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let media = PlaylistExporter.mediaFolder(for: path, format: format)
        var report = PlaylistExportReport(format: format, output: path, mediaFolder: nil, itemCount: timeline.entries.count,
                                          durationMs: timeline.duration.milliseconds, leftOut: selection.leftOut)
        let data: Data
        switch format {
        case .json:
            data = try PlaylistJSONExporter.json(selection, timeline: timeline, taxonomy: taxonomy, audienceLabel: audienceLabel)
        case .otio:
            data = try PlaylistOTIOExporter.otio(timeline, taxonomy: taxonomy, audienceLabel: audienceLabel)
        case .edl:
            data = Data(PlaylistEDLExporter.edl(timeline).utf8)
        case .vttChapters:
            data = Data(PlaylistChapterExporter.webVTT(timeline, taxonomy: taxonomy).utf8)
        case .m3u8, .html:
            let before = Set((try? FileManager.default.contentsOfDirectory(atPath: media)) ?? [])
            let pieces = try await PlaylistMediaWriter.write(
                timeline, folder: media, webPreset: format == .html ? webPreset : nil, progress: progress)
            report.webPreset = format == .html ? webPreset.name : nil
            if format == .html { report.converted = pieces.compactMap { p in p.convertedBecause.map { "\(p.fileName) (\($0))" } } }
            let after = Set((try? FileManager.default.contentsOfDirectory(atPath: media)) ?? [])
            report.mediaFolder = media
            report.trimmed = pieces.filter { !$0.reused }.count
            report.reused = pieces.count - report.trimmed
            report.removedMedia = before.subtracting(after).filter(PlaylistMediaWriter.isPieceName).sorted()
            let relative = (media as NSString).lastPathComponent
            if format == .m3u8 {
                data = Data(PlaylistM3U8Exporter.m3u8(timeline, pieces: pieces, mediaFolder: relative).utf8)
            } else {
                let captions = try captionTracks(timeline)
                // The player's poster: a representative frame of the first piece (not black, not flat), 640 px wide.
                var poster: Data? = nil
                if let first = pieces.first { poster = try? await MediaFile(first.path).posterFrame(width: 640, format: .jpeg).data }
                data = Data(PlaylistHTMLExporter.html(timeline, pieces: pieces, mediaFolder: relative, captions: captions,
                                                      taxonomy: taxonomy, audienceLabel: audienceLabel, poster: poster).utf8)
            }
        }
        if !format.writesMedia {
            report.removedMedia = try PlaylistMediaWriter.prune(folder: media, keeping: timeline)
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PlaylistError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        try ExportRecord.record(path, data: data)
        return report
    }

    /// Each entry's captions as WebVTT, clipped to its range, by entry number.
    func captionTracks(_ timeline: PlaylistTimeline) throws -> [Int: String] {
        let clipIDs = Array(Set(timeline.entries.compactMap(\.entry.clip.id)))
        let cues = try catalog.writer.read { db in
            try CaptionCue.filter(clipIDs.contains(CaptionCue.Columns.clipID)).fetchAll(db)
        }
        let byClip = Dictionary(grouping: cues, by: \.clipID)
        var out: [Int: String] = [:]
        for e in timeline.entries {
            guard let id = e.entry.clip.id, let clipCues = byClip[id] else { continue }
            out[e.number] = PlaylistHTMLExporter.captions(clipCues, startMs: e.entry.item.startMs, endMs: e.entry.item.endMs)
        }
        return out
    }
}
