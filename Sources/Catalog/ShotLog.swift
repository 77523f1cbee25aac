import Foundation
import Playlists
import Yams

/// A shot log: what the crew wrote down about each file (speaker, role, themes, title, consent form), read from
/// CSV or YAML.
///
/// CSV has a header row; YAML is a list of mappings (or a mapping with a `clips:` list). The columns or keys are
/// `file` (required), `speaker`, `role`, `themes` (separated by `;`, `|` or `,`), `title`, `consent_ref`,
/// `consent_expires`, `notes`, and `from` / `to` to describe a segment of the file instead of the whole file.
/// Rows that cannot be read are kept as `issues` with their line numbers; the rest are `entries`.
public struct ShotLog: Sendable {
    /// One row of the shot log, as written (checked against the taxonomy and the files at import).
    public struct Entry: Sendable, Equatable {
        /// The line the row starts on, from 1.
        public var line: Int
        /// The file name or path the row is about.
        public var file: String
        /// The clip's speaker, when recorded.
        public var speaker: String?
        /// The role, when the taxonomy has it.
        public var role: String?
        /// Theme ids, sorted.
        public var themes: [String]
        /// The title shown to people.
        public var title: String?
        /// The consent form's reference.
        public var consentReference: String?
        /// The consent expiry date as written.
        public var consentExpires: String?
        /// Free-text notes.
        public var notes: String?
        /// Where a segment starts (any form `MediaTime(parsing:)` reads); with `to`, the row describes a segment.
        public var from: String?
        /// Where a segment ends, as written.
        public var to: String?

        /// Makes a value from its parts.
        public init(line: Int, file: String, speaker: String? = nil, role: String? = nil, themes: [String] = [],
                    title: String? = nil, consentReference: String? = nil, consentExpires: String? = nil,
                    notes: String? = nil, from: String? = nil, to: String? = nil) {
            self.line = line
            self.file = file
            self.speaker = speaker
            self.role = role
            self.themes = themes
            self.title = title
            self.consentReference = consentReference
            self.consentExpires = consentExpires
            self.notes = notes
            self.from = from
            self.to = to
        }

        /// Whether the row describes a segment (has `from` or `to`) rather than the whole file.
        public var isSegment: Bool { from != nil || to != nil }
    }

    /// The file, as the user named it (used in issue messages).
    public var path: String
    /// The rows that could be read, in file order.
    public var entries: [Entry]
    /// Rows that could not be read, with their lines.
    public var issues: [ShotLogIssue]

    /// Makes a value from its parts.
    public init(path: String, entries: [Entry], issues: [ShotLogIssue] = []) {
        self.path = path
        self.entries = entries
        self.issues = issues
    }

    /// The canonical field for a column name or key, or nil for an unknown one.
    static func field(for header: String) -> String? {
        let key = header.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "file", "filename", "clip", "path", "media": return "file"
        case "speaker", "name", "speakername", "interviewee": return "speaker"
        case "role", "jobrole", "job": return "role"
        case "themes", "theme", "tags": return "themes"
        case "title", "cliptitle": return "title"
        case "consentref", "consentreference", "consent", "consentform", "consentid": return "consent_ref"
        case "consentexpires", "consentexpiry", "expires", "consentexpiresdate", "expiry": return "consent_expires"
        case "notes", "note", "comments", "comment", "description": return "notes"
        case "from", "in", "start", "segmentfrom": return "from"
        case "to", "out", "end", "segmentto": return "to"
        default: return nil
        }
    }

    static let unbalancedQuote =
        "a quote (\") in this row is never closed, or text follows a closing quote, so the row is not read: close the quoted field, or write a quote inside one as \"\""

    static let knownColumns = "file, speaker, role, themes, title, consent_ref, consent_expires, notes, from, to"

    /// Reads a shot log; `.yaml`/`.yml` files are YAML, anything else CSV (`.tsv` tab-separated).
    ///
    /// Throws `CatalogError.shotLogUnreadable` when the file cannot be read at all or has no `file` column;
    /// problems with single rows are returned in `issues` instead.
    public init(contentsOf path: String) throws(CatalogError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .shotLogUnreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard var text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw .shotLogUnreadable(path: path, reason: "not text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "yaml" || ext == "yml" {
            try self.init(yaml: text, path: path)
        } else {
            try self.init(csv: text, path: path, separator: ext == "tsv" ? "\t" : nil)
        }
    }

    /// Parses CSV text (RFC 4180: quoted fields may hold separators, doubled quotes and line breaks).
    /// With `separator` nil, `;` is used when the header has semicolons but no commas, else `,`.
    ///
    /// Throws `CatalogError.shotLogUnreadable` when there is no header or no `file` column. A row whose quotes do not
    /// balance is an issue on the line it starts on; the rows after it are still read.
    public init(csv text: String, path: String = "shotlog.csv", separator: Character? = nil) throws(CatalogError) {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let sep = separator ?? (firstLine.contains(";") && !firstLine.contains(",") ? ";" : ",")
        let records = CSVReader.records(text, separator: sep)
        guard let header = records.first(where: { $0.malformed || !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }) else {
            throw .shotLogUnreadable(path: path, reason: "empty: expected a header row naming the columns (\(ShotLog.knownColumns))")
        }
        if header.malformed {
            throw .shotLogUnreadable(path: path, reason: "line \(header.line): the header's quotes (\") do not balance")
        }
        var issues: [ShotLogIssue] = []
        var columns: [Int: String] = [:]
        for (i, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if let field = ShotLog.field(for: trimmed) {
                columns[i] = field
            } else if !trimmed.isEmpty {
                issues.append(ShotLogIssue(path: path, line: header.line, message: "unknown column '\(trimmed)' ignored (known: \(ShotLog.knownColumns))"))
            }
        }
        guard columns.values.contains("file") else {
            throw .shotLogUnreadable(path: path, reason: "line \(header.line): no 'file' column in the header (columns: \(ShotLog.knownColumns))")
        }
        var entries: [Entry] = []
        for record in records where record.line > header.line {
            if record.malformed {
                issues.append(ShotLogIssue(path: path, line: record.line, message: ShotLog.unbalancedQuote))
                continue
            }
            let fields = record.fields
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if fields.first?.trimmingCharacters(in: .whitespaces).hasPrefix("#") == true { continue }
            var values: [String: String] = [:]
            for (i, raw) in fields.enumerated() {
                guard let field = columns[i] else {
                    if !raw.trimmingCharacters(in: .whitespaces).isEmpty, i >= header.fields.count {
                        issues.append(ShotLogIssue(path: path, line: record.line, message: "more fields than the header has columns; the extra '\(raw)' is ignored (quote values that contain '\(sep)')"))
                    }
                    continue
                }
                let v = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if !v.isEmpty { values[field] = v }
            }
            switch ShotLog.entry(values, line: record.line, path: path) {
            case .success(let entry): entries.append(entry)
            case .failure(let issue): issues.append(issue)
            }
        }
        self.init(path: path, entries: entries, issues: issues)
    }

    /// Parses YAML text: a list of mappings, or a mapping whose `clips:` (or `shots:`) key holds that list.
    ///
    /// Throws `CatalogError.shotLogUnreadable` for YAML syntax errors or the wrong shape.
    public init(yaml text: String, path: String = "shotlog.yaml") throws(CatalogError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let issue = YAMLSupport.issue(for: error)
            throw .shotLogUnreadable(path: path, reason: issue.description)
        }
        var list = root?.sequence
        if list == nil, let mapping = root?.mapping {
            for (key, value) in mapping where ["clips", "shots", "files"].contains(key.string ?? "") { list = value.sequence }
        }
        guard let list else {
            throw .shotLogUnreadable(path: path, reason: "expected a list of entries ('- file: …'), or 'clips:' holding one")
        }
        var entries: [Entry] = []
        var issues: [ShotLogIssue] = []
        for item in list {
            let line = item.mark?.line ?? 0
            guard let mapping = item.mapping else {
                issues.append(ShotLogIssue(path: path, line: line, message: "each entry must be a mapping such as '- file: …'"))
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                guard let field = ShotLog.field(for: name) else {
                    issues.append(ShotLogIssue(path: path, line: key.mark?.line ?? line, message: "unknown key '\(name)' ignored (known: \(ShotLog.knownColumns))"))
                    continue
                }
                if let seq = value.sequence {
                    values[field] = seq.compactMap { $0.string }.joined(separator: ";")
                } else if let s = value.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty {
                    values[field] = s
                }
            }
            switch ShotLog.entry(values, line: line, path: path) {
            case .success(let entry): entries.append(entry)
            case .failure(let issue): issues.append(issue)
            }
        }
        self.init(path: path, entries: entries, issues: issues)
    }

    private static func entry(_ values: [String: String], line: Int, path: String) -> Result<Entry, ShotLogIssue> {
        guard let file = values["file"], !file.isEmpty else {
            return .failure(ShotLogIssue(path: path, line: line, message: "no file named"))
        }
        if (values["from"] == nil) != (values["to"] == nil) {
            return .failure(ShotLogIssue(path: path, line: line, message: "a segment needs both 'from' and 'to'"))
        }
        return .success(Entry(
            line: line, file: file, speaker: values["speaker"], role: values["role"],
            themes: values["themes"].map(Taxonomy.splitList) ?? [], title: values["title"],
            consentReference: values["consent_ref"], consentExpires: values["consent_expires"], notes: values["notes"],
            from: values["from"], to: values["to"]))
    }
}

/// One problem with one row of a shot log: `shotlog.csv:7: unknown role 'nurce' (did you mean 'nurse'?)`.
public struct ShotLogIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The shot log, as the user named it.
    public var path: String
    /// The line, from 1.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Makes a value from its parts.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// Splits CSV text into records, remembering the line each starts on.
///
/// A record with an unbalanced quote (a quoted field never closed, or text after a closing quote, which is how an
/// unclosed quote swallowing the rows after it shows) would otherwise silently eat or merge rows; it comes back as a
/// `malformed` record (no fields) and reading starts again on the line after the one it began on.
enum CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
        /// The record's quotes do not balance; its fields are not given.
        var malformed = false
    }

    static func records(_ text: String, separator: Character) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var recordStart = 0
        var chars = Array(text)
        if chars.last != "\n" && chars.last != "\r\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            var malformed = false
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else if c == "\n" || c == "\r\n" {
                    line += 1
                    field.append("\n")
                } else if c != "\r" {
                    field.append(c)
                }
            } else if c == separator {
                fields.append(field)
                field = ""
                afterQuote = false
            } else if c == "\n" || c == "\r\n" {
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                afterQuote = false
                line += 1
                recordLine = line
                recordStart = i + 1
            } else if afterQuote {
                // Only blanks may follow a closing quote before the separator.
                if c != " " && c != "\t" && c != "\r" { malformed = true }
            } else if c == "\"" && field.trimmingCharacters(in: .whitespaces).isEmpty {
                field = ""
                inQuotes = true
            } else if c != "\r" {
                field.append(c)
            }
            i += 1
            if malformed || (i == chars.count && inQuotes) {
                // Report the record and read on from the line after the one it started on.
                records.append(Record(line: recordLine, fields: [], malformed: true))
                var next = recordStart
                while next < chars.count, chars[next] != "\n", chars[next] != "\r\n" { next += 1 }
                i = next + 1
                inQuotes = false
                afterQuote = false
                fields = []
                field = ""
                line = recordLine + 1
                recordLine = line
                recordStart = i
            }
        }
        return records
    }
}
