import Foundation

/// Why `taxonomy.yaml` (or a shot log) could not be used: every problem found, each with its line.
///
/// `description` has one line per problem: `taxonomy.yaml:12: duplicate role id 'nurse' (first on line 5)`.
public struct TaxonomyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem at one line of the file.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        /// The line, from 1; nil when the problem concerns the whole file.
        public var line: Int?
        /// What is wrong.
        public var message: String

        /// Makes a value from its parts.
        public init(line: Int?, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// The file, as the user named it.
    public var path: String
    /// Every problem, in file order.
    public var issues: [Issue]

    /// Makes a value from its parts.
    public init(path: String, issues: [Issue]) {
        self.path = path
        self.issues = issues
    }

    /// `PATH:LINE: problem`, one line per problem.
    public var description: String {
        issues.map { issue in
            if let line = issue.line { return "\(path):\(line): \(issue.message)" }
            return "\(path): \(issue.message)"
        }.joined(separator: "\n")
    }
}

extension TaxonomyError {
    /// The UTF-8 text of a YAML file the team edits (taxonomy, audiences), or the one-line reason it cannot be read.
    static func readText(atPath path: String) throws(TaxonomyError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw TaxonomyError(path: path, issues: [.init(line: nil, message: exists ? "cannot be read" : "no such file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TaxonomyError(path: path, issues: [.init(line: nil, message: "not UTF-8 text")])
        }
        return text
    }
}
