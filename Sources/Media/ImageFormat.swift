import Foundation

/// The still-image formats Reel writes for thumbnails, poster frames and contact sheets.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    /// Baseline JPEG (full-range 4:2:0), small and fine for previews.
    case jpeg
    /// Lossless PNG (8-bit RGB), exact pixels.
    case png

    /// The format a file name's extension asks for: `jpg`/`jpeg` or `png`, any case, with or without the dot.
    ///
    /// Returns nil for any other extension.
    public init?(pathExtension: String) {
        var ext = pathExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "jpg", "jpeg": self = .jpeg
        case "png": self = .png
        default: return nil
        }
    }

    /// The extension Reel gives files of this format, without the dot (`jpg`, `png`).
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        }
    }

    /// The MIME type, for catalogues and web pages (`image/jpeg`, `image/png`).
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }
}

extension ImageFormat {
    /// The format for an output file, after checking that the file can be written.
    ///
    /// Reads the format from the extension (`.jpg`, `.jpeg`, `.png`) and checks that the folder exists and is
    /// writable and that `path` is not a folder. Throws `MediaError.outputNotWritable` naming `path` (unknown
    /// extension, missing or read-only folder) or, unless `overwrite` is true, `MediaError.outputExists`.
    public static func forOutput(path: String, overwrite: Bool = false) throws(MediaError) -> ImageFormat {
        let ext = (path as NSString).pathExtension
        guard let format = ImageFormat(pathExtension: ext) else {
            let shown = ext.isEmpty ? "no extension" : "the extension '.\(ext)'"
            throw .outputNotWritable(path: path, reason: "\(shown) is not an image format Reel writes (use .jpg or .png)")
        }
        try ImageFileWriter.checkDestination(path, overwrite: overwrite)
        return format
    }
}
