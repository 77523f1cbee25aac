import Foundation

/// A day on the calendar with no time of day, such as a consent expiry date; stored as `YYYY-MM-DD` text.
///
/// A consent that expires on a day is valid through the end of that day, in the local time zone.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, e.g. 2027.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int

    /// A day from its parts; nil when the date does not exist (2027-02-30).
    public init?(year: Int, month: Int, day: Int) {
        var c = DateComponents()
        c.year = year
        c.month = month
        c.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), (1...31).contains(day), (1900...9999).contains(year),
            let date = calendar.date(from: c), calendar.component(.day, from: date) == day
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD` (ISO 8601) or `DD/MM/YYYY` (the UK form); nil for anything else or a day that does not exist.
    public init?(_ text: String) {
        let s = text.trimmingCharacters(in: .whitespaces)
        let iso = s.split(separator: "-", omittingEmptySubsequences: false)
        let uk = s.split(separator: "/", omittingEmptySubsequences: false)
        if iso.count == 3, iso[0].count == 4, let y = Int(iso[0]), let m = Int(iso[1]), let d = Int(iso[2]),
            iso[1].count <= 2, iso[2].count <= 2
        {
            self.init(year: y, month: m, day: d)
        } else if uk.count == 3, uk[2].count == 4, let d = Int(uk[0]), let m = Int(uk[1]), let y = Int(uk[2]) {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    /// The local calendar day a moment falls on.
    public init(_ date: Date, timeZone: TimeZone = .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        year = c.year!
        month = c.month!
        day = c.day!
    }

    /// `YYYY-MM-DD`.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid day \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
