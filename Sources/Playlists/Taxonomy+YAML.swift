import Foundation
import Yams

extension Taxonomy {
    /// Reads and checks a taxonomy file.
    ///
    /// Throws `TaxonomyError` listing every problem with its line (`taxonomy.yaml:12: …`): YAML syntax,
    /// missing or unknown keys, duplicate ids, an unknown audience, a missing label, an alias that names two roles.
    public init(contentsOf path: String) throws(TaxonomyError) {
        try self.init(yaml: try TaxonomyError.readText(atPath: path), path: path)
        sourcePath = path
    }

    /// Parses taxonomy YAML; `path` only names the file in errors.
    ///
    /// Throws `TaxonomyError`, as `init(contentsOf:)` does.
    public init(yaml: String, path: String = "taxonomy.yaml") throws(TaxonomyError) {
        var issues: [TaxonomyError.Issue] = []
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw TaxonomyError(path: path, issues: [YAMLSupport.issue(for: error)])
        }
        guard let root, let mapping = root.mapping else {
            let line = root?.mark?.line
            let message = root == nil
                ? "the file is empty: expected 'roles:' and 'themes:'"
                : "expected a mapping with 'roles:' and 'themes:' at the top level"
            throw TaxonomyError(path: path, issues: [.init(line: line, message: message)])
        }
        var rolesNode: Node?
        var themesNode: Node?
        for (key, value) in mapping {
            switch key.string {
            case "roles": rolesNode = value
            case "themes": themesNode = value
            default:
                issues.append(.init(line: key.mark?.line, message: "unknown key '\(key.string ?? "?")'\(NameMatcher.didYouMean(NameMatcher([.init(id: "roles"), .init(id: "themes")]).suggestions(for: key.string ?? "")))"))
            }
        }
        var roles: [Role] = []
        var themes: [Theme] = []
        if let rolesNode {
            roles = Taxonomy.parseRoles(rolesNode, issues: &issues)
        } else {
            issues.append(.init(line: nil, message: "missing 'roles:' list"))
        }
        if let themesNode {
            themes = Taxonomy.parseThemes(themesNode, issues: &issues)
        } else {
            issues.append(.init(line: nil, message: "missing 'themes:' list"))
        }
        if !issues.isEmpty {
            // Stable: problems on the same line keep the order they were found in.
            let ordered = issues.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
            throw TaxonomyError(path: path, issues: ordered)
        }
        self.init(roles: roles, themes: themes)
    }

    /// Whether `id` is lowercase ASCII letters and digits in words joined by single hyphens.
    static func isValidID(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return !id.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    private static func parseRoles(_ node: Node, issues: inout [TaxonomyError.Issue]) -> [Role] {
        guard let sequence = node.sequence else {
            issues.append(.init(line: node.mark?.line, message: "'roles' must be a list of roles (lines starting with '- id:')"))
            return []
        }
        var roles: [Role] = []
        var firstLine: [String: Int] = [:]
        var nameOwner: [String: (role: String, line: Int)] = [:]
        for item in sequence {
            let line = item.mark?.line ?? 0
            guard let fields = YAMLSupport.fields(of: item, kind: "role", allowed: ["id", "label", "audience", "aliases"], issues: &issues) else { continue }
            var ok = true
            let id = YAMLSupport.requiredString(fields, "id", kind: "role", line: line, issues: &issues)
            let label = YAMLSupport.requiredString(fields, "label", kind: "role", line: line, issues: &issues)
            let audienceText = YAMLSupport.requiredString(fields, "audience", kind: "role", line: line, issues: &issues)
            let aliases = YAMLSupport.stringList(fields, "aliases", issues: &issues)
            if id == nil || label == nil || audienceText == nil { ok = false }
            if let id {
                let idLine = fields["id"]?.mark?.line ?? line
                if !isValidID(id) {
                    issues.append(.init(line: idLine, message: "role id '\(id)' must be lowercase letters, digits and single hyphens (e.g. '\(NameMatcher.normalize(id))')"))
                    ok = false
                } else if let first = firstLine[id] {
                    issues.append(.init(line: idLine, message: "duplicate role id '\(id)' (first on line \(first))"))
                    ok = false
                } else {
                    firstLine[id] = idLine
                }
            }
            var audience: Audience?
            if let audienceText {
                audience = Audience(rawValue: audienceText.lowercased())
                if audience == nil {
                    let suggestion = NameMatcher(Audience.allCases.map { .init(id: $0.rawValue) }).suggestions(for: audienceText)
                    issues.append(.init(line: fields["audience"]?.mark?.line ?? line,
                                        message: "unknown audience '\(audienceText)' for role '\(id ?? "?")': use clinical or non-clinical\(NameMatcher.didYouMean(suggestion))"))
                    ok = false
                }
            }
            if let id, ok {
                for name in [id, label!] + aliases {
                    let key = NameMatcher.normalize(name)
                    if let owner = nameOwner[key], owner.role != id {
                        issues.append(.init(line: fields["aliases"]?.mark?.line ?? line,
                                            message: "'\(name)' names both role '\(owner.role)' (line \(owner.line)) and role '\(id)'"))
                        ok = false
                    } else {
                        nameOwner[key] = (id, line)
                    }
                }
            }
            if ok, let id, let label, let audience {
                roles.append(Role(id: id, label: label, audience: audience, aliases: aliases))
            }
        }
        if sequence.isEmpty { issues.append(.init(line: node.mark?.line, message: "'roles' is empty: list at least one role")) }
        return roles
    }

    private static func parseThemes(_ node: Node, issues: inout [TaxonomyError.Issue]) -> [Theme] {
        guard let sequence = node.sequence else {
            issues.append(.init(line: node.mark?.line, message: "'themes' must be a list of themes (lines starting with '- id:')"))
            return []
        }
        var themes: [Theme] = []
        var firstLine: [String: Int] = [:]
        for item in sequence {
            let line = item.mark?.line ?? 0
            guard let fields = YAMLSupport.fields(of: item, kind: "theme", allowed: ["id", "label", "description", "keywords"], issues: &issues) else { continue }
            var ok = true
            let id = YAMLSupport.requiredString(fields, "id", kind: "theme", line: line, issues: &issues)
            let label = YAMLSupport.requiredString(fields, "label", kind: "theme", line: line, issues: &issues)
            let description = fields["description"]?.string ?? ""
            let keywords = YAMLSupport.stringList(fields, "keywords", issues: &issues)
            if let id {
                let idLine = fields["id"]?.mark?.line ?? line
                if !isValidID(id) {
                    issues.append(.init(line: idLine, message: "theme id '\(id)' must be lowercase letters, digits and single hyphens (e.g. '\(NameMatcher.normalize(id))')"))
                    ok = false
                } else if let first = firstLine[id] {
                    issues.append(.init(line: idLine, message: "duplicate theme id '\(id)' (first on line \(first))"))
                    ok = false
                } else {
                    firstLine[id] = idLine
                }
            }
            if ok, let id, let label {
                themes.append(Theme(id: id, label: label, description: description, keywords: keywords))
            }
        }
        if sequence.isEmpty { issues.append(.init(line: node.mark?.line, message: "'themes' is empty: list at least one theme")) }
        return themes
    }
}

/// Helpers shared by the taxonomy and shot-log readers for walking Yams nodes with line numbers.
package enum YAMLSupport {
    /// The issue for a Yams parse error, at the line Yams reports.
    package static func issue(for error: any Error) -> TaxonomyError.Issue {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let ctx = context.map { " \($0.text)" } ?? ""
                return .init(line: mark.line, message: "YAML syntax error: \(problem)\(ctx)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                // Yams marks the first of the keys; point at the repeat, where the mistake usually is.
                if duplicates.count == 1, let again = repeatedKeyLine(duplicates[0], firstLine: context.mark.line, in: context.text) {
                    return .init(line: again, message: "duplicate key \(keys) (first on line \(context.mark.line)); each key may appear once in an entry")
                }
                return .init(line: context.mark.line, message: "duplicate key \(keys) in one entry")
            case .reader(let problem, _, _, _):
                return .init(line: nil, message: "cannot read: \(problem)")
            default:
                return .init(line: nil, message: "YAML error: \(yaml)")
            }
        }
        return .init(line: nil, message: "YAML error: \(error)")
    }

    /// The line (from 1) where `key`, first written on `firstLine`, is written again at the same indentation in the
    /// same mapping of `text`; nil when it cannot be told.
    package static func repeatedKeyLine(_ key: String, firstLine: Int, in text: String) -> Int? {
        let lines = text.components(separatedBy: "\n")
        guard firstLine >= 1, firstLine <= lines.count else { return nil }
        /// The column where a line's key starts (after indentation and any `- `), and the key.
        func keyAt(_ line: String) -> (column: Int, key: String)? {
            var column = 0
            var rest = Substring(line)
            while let c = rest.first, c == " " || c == "-" { rest.removeFirst(); column += 1 }
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            let name = rest[..<colon].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return name.isEmpty || name.hasPrefix("#") ? nil : (column, name)
        }
        guard let first = keyAt(lines[firstLine - 1]), first.key == key else { return nil }
        for i in firstLine..<lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // A line left of the key's column (the next list item, or the parent's next key) ends the mapping;
            // lines right of it belong to nested values.
            let indent = line.prefix { $0 == " " }.count
            if indent < first.column { return nil }
            if indent == first.column, let found = keyAt(line), found.key == key { return i + 1 }
        }
        return nil
    }

    /// The entry's keys and values, checking it is a mapping and has only allowed keys.
    package static func fields(of item: Node, kind: String, allowed: [String], issues: inout [TaxonomyError.Issue]) -> [String: Node]? {
        guard let mapping = item.mapping else {
            issues.append(.init(line: item.mark?.line, message: "each \(kind) must be a mapping such as '- id: …' with 'label:' below it"))
            return nil
        }
        var out: [String: Node] = [:]
        let matcher = NameMatcher(allowed.map { .init(id: $0) })
        for (key, value) in mapping {
            let name = key.string ?? ""
            if allowed.contains(name) {
                out[name] = value
            } else {
                issues.append(.init(line: key.mark?.line, message: "unknown key '\(name)' in a \(kind)\(NameMatcher.didYouMean(matcher.suggestions(for: name))); allowed: \(allowed.joined(separator: ", "))"))
            }
        }
        return out
    }

    /// A required, non-empty scalar.
    package static func requiredString(_ fields: [String: Node], _ key: String, kind: String, line: Int, issues: inout [TaxonomyError.Issue]) -> String? {
        guard let node = fields[key] else {
            issues.append(.init(line: line, message: "\(kind) has no '\(key)'"))
            return nil
        }
        guard let value = node.scalar?.string.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            issues.append(.init(line: node.mark?.line ?? line, message: "\(kind) '\(key)' is empty"))
            return nil
        }
        return value
    }

    /// An optional list of strings; a single scalar counts as a list of one.
    package static func stringList(_ fields: [String: Node], _ key: String, issues: inout [TaxonomyError.Issue]) -> [String] {
        guard let node = fields[key] else { return [] }
        if let scalar = node.scalar {
            let s = scalar.string.trimmingCharacters(in: .whitespaces)
            return s.isEmpty ? [] : [s]
        }
        guard let sequence = node.sequence else {
            issues.append(.init(line: node.mark?.line, message: "'\(key)' must be a list such as [a, b]"))
            return []
        }
        var out: [String] = []
        for element in sequence {
            if let s = element.scalar?.string.trimmingCharacters(in: .whitespaces), !s.isEmpty {
                out.append(s)
            } else {
                issues.append(.init(line: element.mark?.line, message: "'\(key)' entries must be plain text"))
            }
        }
        return out
    }
}
