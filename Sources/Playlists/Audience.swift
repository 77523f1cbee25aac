/// Who a role's stories are mostly for: clinical staff, or the non-clinical staff who also meet dying patients
/// and their families (porters, housekeepers, receptionists…).
public enum Audience: String, Sendable, Codable, CaseIterable, Comparable {
    case clinical
    case nonClinical = "non-clinical"

    /// `clinical` or `non-clinical`, as written in `taxonomy.yaml` and on the command line.
    public var label: String { rawValue }

    public static func < (lhs: Audience, rhs: Audience) -> Bool { lhs.rawValue < rhs.rawValue }
}
