import Foundation
import Media
import Yams

/// An audience as a person types it (in `reel audience add|edit` or a web form): plain text fields, checked by
/// the same reader as `audiences.yaml` when it becomes an `AudienceProfile`.
///
/// Themes are `theme` or `theme:weight` (`communication:2`); minimum shares are `side:share`
/// (`non-clinical:50%` or `non-clinical:0.5`); durations are `12m`, `90s`, `12:30`.
public struct AudienceDraft: Sendable, Codable, Equatable {
    /// The id commands use: lowercase letters, digits and single hyphens.
    public var id: String
    /// The name shown to people.
    public var label: String
    /// Who the audience is.
    public var description: String
    /// The default running time, e.g. `12m`.
    public var target: String
    /// The longest segment or clip to use, e.g. `3m`; nil for no limit.
    public var maxClip: String?
    /// The theme of the opening clip.
    public var opening: String?
    /// The theme of the closing reflection.
    public var closing: String?
    /// `theme` or `theme:weight`, in order.
    public var themes: [String]
    /// Role ids or labels whose voices the audience favours, most wanted first.
    public var preferredRoles: [String]
    /// `clinical:30%`, `non-clinical:0.5`.
    public var minimumShare: [String]

    /// A draft with every field given.
    public init(id: String, label: String, description: String = "", target: String, maxClip: String? = nil, opening: String? = nil,
                closing: String? = nil, themes: [String], preferredRoles: [String] = [], minimumShare: [String] = []) {
        self.id = id
        self.label = label
        self.description = description
        self.target = target
        self.maxClip = maxClip
        self.opening = opening
        self.closing = closing
        self.themes = themes
        self.preferredRoles = preferredRoles
        self.minimumShare = minimumShare
    }

    /// The draft of an existing audience, to edit.
    public init(_ profile: AudienceProfile) {
        func time(_ ms: Int64) -> String { ms % 1000 == 0 ? "\(ms / 1000)s" : String(format: "%.3fs", Double(ms) / 1000) }
        func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
        self.init(id: profile.id, label: profile.label, description: profile.description, target: time(profile.targetMs),
                  maxClip: profile.maxClipMs.map(time), opening: profile.openingThemeID, closing: profile.closingThemeID,
                  themes: profile.themes.map { "\($0.themeID):\(number($0.weight))" }, preferredRoles: profile.preferredRoleIDs,
                  minimumShare: profile.minimumShare.sorted { $0.key < $1.key }.map { "\($0.key.rawValue):\(number($0.value))" })
    }

    /// The draft as the YAML of a one-audience `audiences.yaml`.
    public var yaml: String {
        func scalar(_ s: String) -> Node { Node(s, Tag(.str), .doubleQuoted) }
        var fields: [(Node, Node)] = [(scalar("id"), scalar(id)), (scalar("label"), scalar(label))]
        if !description.isEmpty { fields.append((scalar("description"), scalar(description))) }
        fields.append((scalar("target"), scalar(target)))
        if let maxClip { fields.append((scalar("max-clip"), scalar(maxClip))) }
        if let opening { fields.append((scalar("opening"), scalar(opening))) }
        if let closing { fields.append((scalar("closing"), scalar(closing))) }
        fields.append((scalar("themes"), .mapping(Node.Mapping(themes.map { item in
            let (name, weight) = AudienceDraft.split(item)
            return (scalar(name), weight.map { Node($0) } ?? Node("1"))
        }))))
        if !preferredRoles.isEmpty { fields.append((scalar("preferred-roles"), .sequence(Node.Sequence(preferredRoles.map(scalar))))) }
        if !minimumShare.isEmpty {
            fields.append((scalar("minimum-share"), .mapping(Node.Mapping(minimumShare.map { item in
                let (side, share) = AudienceDraft.split(item)
                return (scalar(side), Node(share ?? ""))
            }))))
        }
        let root = Node.mapping(Node.Mapping([(scalar("audiences"), .sequence(Node.Sequence([.mapping(Node.Mapping(fields))])))]))
        return (try? Yams.serialize(node: root)) ?? ""
    }

    /// Checks the draft exactly as `audiences.yaml` is checked, against `taxonomy`.
    ///
    /// Throws `TaxonomyError` naming the audience (`audience 'ward-7': unknown theme 'comunication'; did you mean …`),
    /// one problem a line.
    public func profile(taxonomy: Taxonomy) throws(TaxonomyError) -> AudienceProfile {
        let name = "audience '\(id)'"
        for item in themes + minimumShare where AudienceDraft.split(item).0.isEmpty {
            throw TaxonomyError(path: name, issues: [.init(line: nil, message: "'\(item)' names nothing before the ':'")])
        }
        let set: AudienceProfileSet
        do {
            set = try AudienceProfileSet(yaml: yaml, path: name, taxonomy: taxonomy)
        } catch {
            // The lines of a generated file mean nothing to the person who typed the fields.
            let prefix = "audience '\(id)': "
            throw TaxonomyError(path: name, issues: error.issues.map { issue in
                .init(line: nil, message: issue.message.hasPrefix(prefix) ? String(issue.message.dropFirst(prefix.count)) : issue.message)
            })
        }
        guard let profile = set.profiles.first else {
            throw TaxonomyError(path: name, issues: [.init(line: nil, message: "is not a valid audience")])
        }
        return profile
    }

    /// `communication:2` → (`communication`, `2`); `communication` → (`communication`, nil).
    static func split(_ item: String) -> (String, String?) {
        let separators: Set<Character> = [":", "="]
        guard let k = item.lastIndex(where: { separators.contains($0) }) else { return (item.trimmingCharacters(in: .whitespaces), nil) }
        return (item[..<k].trimmingCharacters(in: .whitespaces), item[item.index(after: k)...].trimmingCharacters(in: .whitespaces))
    }
}
