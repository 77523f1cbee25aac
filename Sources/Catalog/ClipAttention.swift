import Foundation

/// One thing about a clip that needs a person's attention, with what to do about it: a quality flag, or consent
/// that does not allow the clip to be used. `reel show`, `reel import` and the web catalogue print these.
public struct ClipAttention: Sendable, Codable, Equatable {
    /// A flag name (`no-captions`, `silent-channel`…) or `consent`.
    public var kind: String
    /// What was found.
    public var detail: String
    /// What to do about it, or what Reel will do.
    public var remedy: String

    /// Makes a value from its parts.
    public init(kind: String, detail: String, remedy: String) {
        self.kind = kind
        self.detail = detail
        self.remedy = remedy
    }

    /// `no-captions: no sidecar .srt/.vtt … — put an .srt …`.
    public var line: String { "\(kind): \(detail) — \(remedy)" }
}

extension ClipSummary {
    /// Everything about the clip that needs attention before use, with the remedy: consent first (it decides
    /// whether the clip can be used at all), then each flag.
    public var attention: [ClipAttention] {
        var out: [ClipAttention] = []
        let name = speaker?.name
        switch consent.state {
        case .ok:
            break
        case .missing where name == nil:
            out.append(.init(kind: "consent", detail: "no speaker recorded, so no consent",
                             remedy: "not usable in playlists or publishing until the shot log (or `reel speaker add`) names the speaker and their consent form"))
        case .missing:
            out.append(.init(kind: "consent", detail: "no consent form recorded for \(name!)",
                             remedy: "not usable in playlists or publishing until you record it: reel consent grant \"\(name!)\" --ref FORM-ID"))
        case .expired:
            out.append(.init(kind: "consent", detail: consent.summary,
                             remedy: "not usable until renewed: reel consent grant \"\(name ?? "SPEAKER")\" --ref FORM-ID --expires YYYY-MM-DD"))
        case .withdrawn:
            out.append(.init(kind: "consent", detail: consent.summary,
                             remedy: "never used in playlists or publishing; nothing to do unless the speaker consents again"))
        }
        for f in flags {
            var remedy = f.flag.remedy
            if f.flag == .missingCaptions {
                let stem = (clip.fileName as NSString).deletingPathExtension
                remedy = "put \(stem).srt or \(stem).vtt beside the file and import again, or draft captions from the audio "
                    + "(`reel captions draft \(clip.shortID)`), correct and approve them; `publish --require-captions` refuses it until then"
            }
            out.append(.init(kind: f.flag.rawValue, detail: f.detail, remedy: remedy))
        }
        return out
    }
}

extension ClipAttention {
    /// The things needing attention in one clip.
    public struct ForClip: Sendable, Codable, Equatable {
        /// The clip's short id.
        public var shortID: String
        /// The clip's file name.
        public var fileName: String
        /// What needs attention, consent first.
        public var attention: [ClipAttention]
    }
}

extension Catalog {
    /// What needs attention in the clips an import added (or flagged anew: a clip an older Reel imported, now looked
    /// at for black and silence), in the report's order; clips with nothing to attend to are left out. Consent is as
    /// of `date` (after the shot log was applied).
    public func attention(after report: ImportReport, at date: Date = Date()) throws -> [ClipAttention.ForClip] {
        var out: [ClipAttention.ForClip] = []
        for result in report.results where result.kind == .imported || !result.flags.isEmpty {
            guard let id = result.shortID else { continue }
            let summary = try clipDetail(id, at: date).summary
            let attention = summary.attention
            if !attention.isEmpty { out.append(.init(shortID: summary.id, fileName: summary.clip.fileName, attention: attention)) }
        }
        return out
    }
}
