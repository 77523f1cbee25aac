import Foundation
import Media
import Yams

extension AudienceProfileSet {
    /// Reads and checks an audiences file against `taxonomy`.
    ///
    /// Throws `TaxonomyError` listing every problem with its line (`audiences.yaml:12: …`): YAML syntax, missing or
    /// unknown keys, duplicate ids, a theme or role the taxonomy does not have (with suggestions), a bad weight,
    /// duration or share.
    public init(contentsOf path: String, taxonomy: Taxonomy) throws(TaxonomyError) {
        try self.init(yaml: try TaxonomyError.readText(atPath: path), path: path, taxonomy: taxonomy)
        sourcePath = path
    }

    /// Parses audiences YAML, checking theme and role ids against `taxonomy`; `path` only names the file in errors.
    ///
    /// Throws `TaxonomyError`, as `init(contentsOf:taxonomy:)` does.
    public init(yaml: String, path: String = "audiences.yaml", taxonomy: Taxonomy) throws(TaxonomyError) {
        var issues: [TaxonomyError.Issue] = []
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw TaxonomyError(path: path, issues: [YAMLSupport.issue(for: error)])
        }
        guard let root, let mapping = root.mapping else {
            let message = root == nil ? "the file is empty: expected 'audiences:'" : "expected a mapping with 'audiences:' at the top level"
            throw TaxonomyError(path: path, issues: [.init(line: root?.mark?.line, message: message)])
        }
        var list: Node?
        for (key, value) in mapping {
            if key.string == "audiences" {
                list = value
            } else {
                issues.append(.init(line: key.mark?.line, message: "unknown key '\(key.string ?? "?")'; expected 'audiences:'"))
            }
        }
        var profiles: [AudienceProfile] = []
        if let list {
            profiles = AudienceProfileSet.parseProfiles(list, taxonomy: taxonomy, issues: &issues)
        } else {
            issues.append(.init(line: nil, message: "missing 'audiences:' list"))
        }
        if !issues.isEmpty {
            throw TaxonomyError(path: path, issues: issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        self.init(profiles: profiles)
    }

    static let allowedKeys = ["id", "label", "description", "target", "max-clip", "opening", "closing", "themes",
                              "preferred-roles", "minimum-share"]

    private static func parseProfiles(_ node: Node, taxonomy: Taxonomy, issues: inout [TaxonomyError.Issue]) -> [AudienceProfile] {
        guard let sequence = node.sequence else {
            issues.append(.init(line: node.mark?.line, message: "'audiences' must be a list of audiences (lines starting with '- id:')"))
            return []
        }
        if sequence.isEmpty { issues.append(.init(line: node.mark?.line, message: "'audiences' is empty: list at least one audience")) }
        var profiles: [AudienceProfile] = []
        var firstLine: [String: Int] = [:]
        for item in sequence {
            let line = item.mark?.line ?? 0
            guard let fields = YAMLSupport.fields(of: item, kind: "audience", allowed: allowedKeys, issues: &issues) else { continue }
            let before = issues.count
            let id = YAMLSupport.requiredString(fields, "id", kind: "audience", line: line, issues: &issues)
            let label = YAMLSupport.requiredString(fields, "label", kind: "audience", line: line, issues: &issues)
            if let id {
                let idLine = fields["id"]?.mark?.line ?? line
                if !Taxonomy.isValidID(id) {
                    issues.append(.init(line: idLine, message: "audience id '\(id)' must be lowercase letters, digits and single hyphens (e.g. '\(NameMatcher.normalize(id))')"))
                } else if let first = firstLine[id] {
                    issues.append(.init(line: idLine, message: "duplicate audience id '\(id)' (first on line \(first))"))
                } else {
                    firstLine[id] = idLine
                }
            }
            let name = id ?? "?"
            let target = duration(fields, "target", audience: name, required: true, line: line, issues: &issues)
            let maxClip = duration(fields, "max-clip", audience: name, required: false, line: line, issues: &issues)
            let opening = theme(fields, "opening", audience: name, taxonomy: taxonomy, issues: &issues)
            let closing = theme(fields, "closing", audience: name, taxonomy: taxonomy, issues: &issues)
            let themes = themeWeights(fields, audience: name, line: line, taxonomy: taxonomy, issues: &issues)
            var roles: [String] = []
            for (text, roleLine) in stringList(fields, "preferred-roles", issues: &issues) {
                do {
                    let role = try taxonomy.resolveRole(text)
                    if !roles.contains(role.id) { roles.append(role.id) }
                } catch {
                    issues.append(.init(line: roleLine, message: "audience '\(name)': unknown role '\(text)'\(NameMatcher.didYouMean(taxonomy.roleMatcher.suggestions(for: text)))"))
                }
            }
            let shares = minimumShare(fields, audience: name, issues: &issues)
            guard issues.count == before, let id, let label, let target else { continue }
            profiles.append(AudienceProfile(
                id: id, label: label, description: fields["description"]?.string?.trimmingCharacters(in: .whitespaces) ?? "",
                targetMs: target, maxClipMs: maxClip, openingThemeID: opening, closingThemeID: closing, themes: themes,
                preferredRoleIDs: roles, minimumShare: shares))
        }
        return profiles
    }

    /// A duration such as `12m`, `90s` or `12:30`, in milliseconds.
    private static func duration(_ fields: [String: Node], _ key: String, audience: String, required: Bool, line: Int,
                                 issues: inout [TaxonomyError.Issue]) -> Int64? {
        guard let node = fields[key] else {
            if required { issues.append(.init(line: line, message: "audience '\(audience)' has no '\(key)' (a running time such as 12m)")) }
            return nil
        }
        let text = node.string ?? ""
        do {
            let time = try MediaTime(parsing: text)
            if time.milliseconds > 0 { return time.milliseconds }
            issues.append(.init(line: node.mark?.line ?? line, message: "audience '\(audience)': '\(key)' must be longer than zero"))
        } catch {
            issues.append(.init(line: node.mark?.line ?? line, message: "audience '\(audience)': '\(key)' \(error.description); write e.g. 12m, 90s or 1h5m"))
        }
        return nil
    }

    private static func theme(_ fields: [String: Node], _ key: String, audience: String, taxonomy: Taxonomy,
                              issues: inout [TaxonomyError.Issue]) -> String? {
        guard let node = fields[key] else { return nil }
        let text = node.string ?? ""
        do {
            return try taxonomy.resolveTheme(text).id
        } catch {
            issues.append(.init(line: node.mark?.line, message: "audience '\(audience)': unknown \(key) theme '\(text)'\(NameMatcher.didYouMean(taxonomy.themeMatcher.suggestions(for: text)))"))
            return nil
        }
    }

    /// `themes:` as a mapping `theme: weight`, or a list of themes (each weighing 1).
    private static func themeWeights(_ fields: [String: Node], audience: String, line: Int, taxonomy: Taxonomy,
                                     issues: inout [TaxonomyError.Issue]) -> [AudienceProfile.ThemeWeight] {
        guard let node = fields["themes"] else {
            issues.append(.init(line: line, message: "audience '\(audience)' has no 'themes' (theme: weight, one a line)"))
            return []
        }
        var pairs: [(text: String, weight: Node?, line: Int?)] = []
        if let mapping = node.mapping {
            pairs = mapping.map { ($0.key.string ?? "", $0.value, $0.key.mark?.line) }
        } else if let sequence = node.sequence {
            pairs = sequence.map { ($0.string ?? "", nil, $0.mark?.line) }
        } else {
            issues.append(.init(line: node.mark?.line, message: "audience '\(audience)': 'themes' must be a mapping such as 'communication: 2'"))
            return []
        }
        if pairs.isEmpty { issues.append(.init(line: node.mark?.line, message: "audience '\(audience)': 'themes' is empty")) }
        var out: [AudienceProfile.ThemeWeight] = []
        for pair in pairs {
            let id: String
            do {
                id = try taxonomy.resolveTheme(pair.text).id
            } catch {
                issues.append(.init(line: pair.line, message: "audience '\(audience)': unknown theme '\(pair.text)'\(NameMatcher.didYouMean(taxonomy.themeMatcher.suggestions(for: pair.text)))"))
                continue
            }
            var weight = 1.0
            if let w = pair.weight {
                guard let value = Double(w.string ?? ""), value > 0, value.isFinite else {
                    issues.append(.init(line: w.mark?.line ?? pair.line, message: "audience '\(audience)': the weight of '\(pair.text)' must be a number above 0, not '\(w.string ?? "?")'"))
                    continue
                }
                weight = value
            }
            if out.contains(where: { $0.themeID == id }) {
                issues.append(.init(line: pair.line, message: "audience '\(audience)': theme '\(id)' is listed twice"))
                continue
            }
            out.append(.init(themeID: id, weight: weight))
        }
        return out
    }

    /// `minimum-share:` as a mapping `clinical|non-clinical: 50%` (or `0.5`).
    private static func minimumShare(_ fields: [String: Node], audience: String, issues: inout [TaxonomyError.Issue]) -> [Audience: Double] {
        guard let node = fields["minimum-share"] else { return [:] }
        guard let mapping = node.mapping else {
            issues.append(.init(line: node.mark?.line, message: "audience '\(audience)': 'minimum-share' must be a mapping such as 'non-clinical: 50%'"))
            return [:]
        }
        var out: [Audience: Double] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard let side = Audience(rawValue: name.lowercased()) else {
                issues.append(.init(line: key.mark?.line, message: "audience '\(audience)': 'minimum-share' names '\(name)': use clinical or non-clinical"))
                continue
            }
            let text = (value.string ?? "").trimmingCharacters(in: .whitespaces)
            let number = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            guard let number, number >= 0, number <= 1 else {
                issues.append(.init(line: value.mark?.line, message: "audience '\(audience)': minimum share '\(text)' must be between 0 and 1 (or 0% and 100%)"))
                continue
            }
            out[side] = number
        }
        if out.values.reduce(0, +) > 1 {
            issues.append(.init(line: node.mark?.line, message: "audience '\(audience)': the minimum shares add up to more than 100%"))
        }
        return out
    }

    /// A list of scalars with their lines; a single scalar counts as a list of one.
    private static func stringList(_ fields: [String: Node], _ key: String, issues: inout [TaxonomyError.Issue]) -> [(String, Int?)] {
        guard let node = fields[key] else { return [] }
        if let s = node.scalar?.string.trimmingCharacters(in: .whitespaces) { return s.isEmpty ? [] : [(s, node.mark?.line)] }
        guard let sequence = node.sequence else {
            issues.append(.init(line: node.mark?.line, message: "'\(key)' must be a list such as [a, b]"))
            return []
        }
        return sequence.compactMap { element in
            guard let s = element.scalar?.string.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
                issues.append(.init(line: element.mark?.line, message: "'\(key)' entries must be plain text"))
                return nil
            }
            return (s, element.mark?.line)
        }
    }
}
