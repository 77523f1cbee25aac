import Foundation

/// Writes a playlist as an extended M3U (`.m3u8`, UTF-8) over the trimmed files `PlaylistMediaWriter` made.
///
/// `#EXTM3U`, `#PLAYLIST:` with the name, then per item `#EXTINF:<seconds>,Sam Patel — Porter: title` and the
/// file's path relative to the playlist (`clinical.media/01-s-3fa2c1-2.mp4`). Standard players (VLC, mpv,
/// QuickTime, Windows Media Player) play the files in order.
public enum PlaylistM3U8Exporter {
    /// The M3U8 text; `mediaFolder` is the folder's name relative to the `.m3u8` file.
    public static func m3u8(_ timeline: PlaylistTimeline, pieces: [PlaylistMediaWriter.Piece], mediaFolder: String) -> String {
        var out = "#EXTM3U\n#PLAYLIST:\(oneLine(timeline.name))\n"
        let byNumber = Dictionary(uniqueKeysWithValues: pieces.map { ($0.number, $0) })
        for e in timeline.entries {
            guard let piece = byNumber[e.number] else { continue }
            out += String(format: "#EXTINF:%.3f,", piece.duration.seconds) + oneLine(e.entry.displayTitle) + "\n"
            out += mediaFolder + "/" + piece.fileName + "\n"
        }
        return out
    }

    /// Text on one line, without the commas-and-newlines that would break an `#EXTINF` line's layout.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
