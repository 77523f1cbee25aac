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
