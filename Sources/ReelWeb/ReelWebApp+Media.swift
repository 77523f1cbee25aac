import Catalog
import Foundation
import Hummingbird

extension ReelWebApp {
    func addMediaRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/media/clips/:id/media") { request, context in
            try await servedMedia(request, context) { clip in (clip.clip.path, Self.contentType(for: clip.clip.path)) }
        }
        router.get("/media/clips/:id/poster.jpg") { request, context in
            try await servedMedia(request, context) { clip in (catalog.posterPath(for: clip.clip), "image/jpeg") }
        }
        router.get("/media/clips/:id/filmstrip.jpg") { request, context in
            try await servedMedia(request, context) { clip in (catalog.filmstripPath(for: clip.clip), "image/jpeg") }
        }
        router.get("/media/clips/:id/captions.vtt") { request, context in
            try await page(request, context) { _ in
                let detail = try catalog.clipDetail(context.parameters.require("id"))
                try Self.checkReview(detail.summary)
                // Sidecar captions, else a draft (approved or not: the team reviews drafts in the player before approving).
                var cues = detail.captions
                if cues.isEmpty, let draft = try catalog.draftCaptions(forClip: detail.summary.id) {
                    cues = draft.cues.map { $0.captionCue(source: "draft") }
                }
                guard let vtt = PlaylistHTMLExporter.captions(cues, startMs: 0, endMs: Int64.max) else {
                    throw WebFailure(status: .notFound, message: "This clip has no captions.")
                }
                return Response(status: .ok, headers: [.contentType: "text/vtt; charset=utf-8", .cacheControl: "private, no-cache"],
                                body: .init(byteBuffer: ByteBuffer(string: vtt)))
            }
        }
    }

    /// Refuses media of a speaker whose consent is withdrawn or expired (403), whatever the URL.
    static func checkReview(_ summary: ClipSummary) throws {
        guard summary.consent.state.allowsReview else {
            throw WebFailure(status: .forbidden, message: "This clip's media is not available: the speaker's consent is \(summary.consent.state.rawValue).")
        }
    }

    /// Serves one file of a clip, chosen by the clip's id (never by a path from the URL), after the consent check.
    ///
    /// Answers `Range: bytes=…` with 206 and `Content-Range` (so browsers can seek), `If-None-Match` with 304
    /// (the ETag is the clip's checksum plus the file's size and time), and a missing file with 404.
    func servedMedia(_ request: Request, _ context: BasicRequestContext,
                     file: @Sendable (ClipSummary) throws -> (String?, String)) async throws -> Response {
        try await page(request, context) { _ in
            let id = try context.parameters.require("id")
            let detail = try catalog.clipDetail(id)
            try Self.checkReview(detail.summary)
            let (pathOrNil, type) = try file(detail.summary)
            guard let path = pathOrNil else { throw WebFailure(status: .notFound, message: "This clip has no such picture.") }
            return try await serveFile(path: path, contentType: type, etagSeed: detail.summary.clip.checksum, request: request, context: context)
        }
    }

    /// Serves a regular file with range and conditional requests. Throws `WebFailure` 404 / 416.
    func serveFile(path: String, contentType: String, etagSeed: String, request: Request, context: BasicRequestContext) async throws -> Response {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw WebFailure(status: .notFound, message: "The file is no longer where the catalogue says (\((path as NSString).lastPathComponent)).")
        }
        let size = Int(st.st_size)
        let etag = "\"\(etagSeed.prefix(16))-\(size)-\(st.st_mtim.tv_sec)\""
        var headers: HTTPFields = [.contentType: contentType, .acceptRanges: "bytes", .eTag: etag, .cacheControl: "private, no-cache"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        if let rangeHeader = request.headers[.range] {
            guard let range = Self.byteRange(rangeHeader, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            if request.method == .head { return Response(status: .partialContent, headers: headers) }
            let body = try await fileIO.loadFile(path: path, range: range, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
        headers[.contentLength] = String(size)
        if request.method == .head || size == 0 { return Response(status: .ok, headers: headers) }
        let body = try await fileIO.loadFile(path: path, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The one range of a `bytes=` header (`a-b`, `a-`, `-n`), clamped to the file; nil when it cannot be
    /// satisfied or is malformed. Of several ranges only the first is served.
    static func byteRange(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard size > 0, header.hasPrefix("bytes=") else { return nil }
        let first = header.dropFirst(6).split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let parts = first.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let n = Int(parts[1]), n > 0 else { return nil }
            return max(0, size - n)...(size - 1)
        }
        guard let start = Int(parts[0]), start >= 0, start < size else { return nil }
        if parts[1].isEmpty { return start...(size - 1) }
        guard let end = Int(parts[1]), end >= start else { return nil }
        return start...min(end, size - 1)
    }

    static func contentType(for path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "mov": "video/quicktime"
        case "webm": "video/webm"
        case "mkv": "video/x-matroska"
        case "ts", "mts", "m2ts": "video/mp2t"
        case "m4a": "audio/mp4"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "vtt": "text/vtt; charset=utf-8"
        case "json": "application/json"
        case "html": "text/html; charset=utf-8"
        case "m3u8": "application/vnd.apple.mpegurl"
        case "otio": "application/json"
        case "edl", "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
