import Foundation

/// A value kept as the JSON text the database holds and decoded only when first read, then cached.
///
/// Listing a thousand clips need not decode a thousand `MediaInfo`s. Thread-safe; a value that no longer
/// decodes (a database edited by hand) stops the program with the reason, as GRDB does for any record.
final class LazyJSON<Value: Codable & Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var json: Data?
    private var cached: Value?

    init(value: Value) {
        cached = value
    }

    init(json: Data) {
        self.json = json
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = .sortedKeys
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }

    /// The decoded value.
    var value: Value {
        lock.withLock {
            if let cached { return cached }
            do {
                let decoded = try LazyJSON.decoder.decode(Value.self, from: json!)
                cached = decoded
                return decoded
            } catch {
                fatalError("the catalogue holds JSON that does not decode as \(Value.self): \(error)")
            }
        }
    }

    /// The JSON text, as stored.
    var text: String {
        lock.withLock {
            if let json { return String(decoding: json, as: UTF8.self) }
            let data = (try? LazyJSON.encoder.encode(cached!)) ?? Data("null".utf8)
            json = data
            return String(decoding: data, as: UTF8.self)
        }
    }
}
