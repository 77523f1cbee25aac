/// An exact fraction such as a time base (1/90000) or a frame rate (30000/1001).
public struct Rational: Sendable, Hashable, Codable, CustomStringConvertible {
    public var numerator: Int32
    public var denominator: Int32

    public init(_ numerator: Int32, _ denominator: Int32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value as a floating-point number; 0 when the denominator is 0.
    public var doubleValue: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }

    /// Whether the fraction is usable (a non-zero numerator and denominator).
    public var isValid: Bool { numerator != 0 && denominator != 0 }

    /// The reciprocal, e.g. a frame duration from a frame rate.
    public var inverted: Rational { Rational(denominator, numerator) }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}
