import Foundation

/// A value kept as the JSON text the database holds and decoded only when first read, then cached.
///
/// Listing a thousand clips need not decode a thousand `MediaInfo`s. Thread-safe; a value that no longer
/// decodes (a catalogue written by another version of Reel, or edited by hand) is a thrown error for the one
/// reader that needs it, so every other listing keeps working.
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

    /// The decoded value; throws the decoder's reason, in one line, when the stored text does not decode.
    func value() throws(LazyJSONFailure) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        do {
            let decoded = try LazyJSON.decoder.decode(Value.self, from: json ?? Data())
            cached = decoded
            return decoded
        } catch let DecodingError.dataCorrupted(context) {
            throw LazyJSONFailure(reason: LazyJSONFailure.describe(context))
        } catch let DecodingError.keyNotFound(key, context) {
            throw LazyJSONFailure(reason: "missing '\(key.stringValue)' at \(LazyJSONFailure.where_(context))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw LazyJSONFailure(reason: LazyJSONFailure.describe(context))
        } catch {
            throw LazyJSONFailure(reason: "\(error)")
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

/// Why stored JSON did not decode, in one line.
struct LazyJSONFailure: Error {
    var reason: String

    static func where_(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "the top level" : "'" + String(path.drop { $0 == "." }) + "'"
    }

    static func describe(_ context: DecodingError.Context) -> String {
        var text = context.debugDescription.components(separatedBy: .newlines).first ?? ""
        if text.hasSuffix(".") { text.removeLast() }
        return "\(text) at \(where_(context))"
    }
}
