import Foundation
import HummingbirdBcrypt
import Playlists

/// Someone who may sign in to `reel serve`: a name, a role, and a bcrypt hash of their password.
public struct WebUser: Sendable, Codable, Equatable {
    /// What a user may do.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// Reads everything, plays clips, downloads exports.
        case viewer
        /// Also tags, edits segments and captions, records consent, builds and renders playlists.
        case editor
    }

    /// The sign-in name.
    public var name: String
    /// What the user may do.
    public var role: Role
    /// The bcrypt hash of the password (cost 12); the password itself is never stored.
    public var passwordHash: String

    /// Makes a value from its parts.
    public init(name: String, role: Role, passwordHash: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }

    /// Whether the user may change the catalogue.
    public var canEdit: Bool { role == .editor }
}

/// Why a users file could not be used or changed.
public struct WebUserError: Error, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The users file: a JSON list of users with bcrypt hashes, `users.json` beside the catalogue by default,
/// written with mode 0600 and replaced atomically.
public struct WebUserStore: Sendable {
    /// The file.
    public let path: String
    /// The users in the file, by name.
    public private(set) var users: [WebUser]

    /// Reads the file; a missing file is an empty store. Throws `WebUserError` naming the file when it is unreadable.
    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            users = []
            return
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            users = try JSONDecoder().decode([WebUser].self, from: data)
        } catch let error as DecodingError {
            throw WebUserError("\(path): not a Reel users file (\(Self.describe(error)))")
        } catch {
            throw WebUserError("\(path): cannot read: \(error.localizedDescription)")
        }
    }

    /// The user with this name, if any.
    public func user(named name: String) -> WebUser? { users.first { $0.name == name } }

    /// Checks a name and password. Bcrypt runs even for an unknown name, so timing does not tell which names exist.
    public func authenticate(name: String, password: String) -> WebUser? {
        guard let user = user(named: name) else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: user.passwordHash) ? user : nil
    }

    /// Adds a user, or replaces the password and role of an existing one, and writes the file.
    ///
    /// Throws `WebUserError` for an empty or multi-line name, a password shorter than 8 characters, or a write failure.
    public mutating func add(name: String, role: WebUser.Role, password: String, cost: UInt8 = 12) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline) else {
            throw WebUserError("a user name must be one line of text, not empty")
        }
        guard password.count >= 8 else { throw WebUserError("the password must be at least 8 characters") }
        let user = WebUser(name: trimmed, role: role, passwordHash: Bcrypt.hash(password, cost: cost))
        if let i = users.firstIndex(where: { $0.name == trimmed }) { users[i] = user } else { users.append(user) }
        try save()
    }

    /// Removes a user and writes the file. Throws `WebUserError` when there is no such user.
    public mutating func remove(name: String) throws {
        guard let i = users.firstIndex(where: { $0.name == name }) else { throw WebUserError("no user named '\(name)' in \(path)") }
        users.remove(at: i)
        try save()
    }

    private func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let folder = (path as NSString).deletingLastPathComponent
        let temp = (folder.isEmpty ? "." : folder) + "/.users-\(UUID().uuidString).tmp"
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let data = try encoder.encode(users.sorted { $0.name < $1.name })
            guard FileManager.default.createFile(atPath: temp, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw WebUserError("\(path): cannot write (folder not writable?)")
            }
            guard rename(temp, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temp)
                throw WebUserError("\(path): cannot write: \(reason)")
            }
        } catch let error as WebUserError {
            throw error
        } catch {
            unlink(temp)
            throw WebUserError("\(path): cannot write: \(error.localizedDescription)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let c): c.debugDescription
        case .keyNotFound(let key, _): "missing \(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): c.debugDescription
        @unknown default: "invalid"
        }
    }

    /// A hash of a random password, checked for unknown names.
    private static let dummyHash = Bcrypt.hash(UUID().uuidString, cost: 12)
}
