/// A piece of HTML whose every interpolated `String` is escaped, so user-supplied text (speaker names, titles,
/// captions) can never become markup.
///
/// Only `HTML` values are inserted as they are: literals written in this module, and `HTML` built the same way.
/// This is the whole template system: pages are Swift functions returning `HTML`, checked by the compiler, with
/// no template files to ship and no way to forget an escape.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var markup: String

    /// Markup trusted as written (a literal, or output of this module).
    init(trusted markup: String) { self.markup = markup }

    public init(stringLiteral value: String) { markup = value }

    public init(stringInterpolation: Interpolation) { markup = stringInterpolation.markup }

    public var description: String { markup }

    /// Builds markup: literal segments as written, `String`s escaped, `HTML` inserted.
    public struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity * 2) }

        public mutating func appendLiteral(_ literal: String) { markup += literal }

        /// Text: escaped for element content and quoted attribute values alike.
        public mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }

        /// Optional text: nothing when nil.
        public mutating func appendInterpolation(_ text: String?) { if let text { markup += HTML.escape(text) } }

        /// A number.
        public mutating func appendInterpolation<N: BinaryInteger>(_ number: N) { markup += String(number) }

        /// Markup built elsewhere.
        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        /// A list of markup, joined.
        public mutating func appendInterpolation(_ list: [HTML]) { for item in list { markup += item.markup } }
    }

    /// `&`, `<`, `>`, `"` and `'` as character references.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Joins markup with a separator.
    static func join(_ items: [HTML], separator: HTML = "") -> HTML {
        HTML(trusted: items.map(\.markup).joined(separator: separator.markup))
    }

    /// `value` percent-encoded for a URL path segment or query value (everything but unreserved characters).
    static func urlComponent(_ value: String) -> String {
        let allowed = CharacterSetASCII.unreserved
        var out = ""
        for byte in value.utf8 {
            if allowed.contains(byte) { out.unicodeScalars.append(Unicode.Scalar(byte)) } else { out += "%" + hex(byte) }
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

/// The URL characters that need no percent-encoding (RFC 3986 unreserved).
enum CharacterSetASCII {
    static var unreserved: Set<UInt8> {
        var set = Set<UInt8>()
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { set.insert(b) }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { set.insert(b) }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(b) }
        for c in "-._~" { set.insert(c.asciiValue!) }
        return set
    }
}
