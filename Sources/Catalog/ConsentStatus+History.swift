import Foundation
import Playlists

extension ConsentStatus {
    /// The status a history gives at `date`: the latest event decides (ordered by recording time, then id);
    /// a grant whose expiry day is before `date`'s local day is expired.
    public init(history: [ConsentEvent], at date: Date, timeZone: TimeZone = .current) {
        let ordered = history.sorted { ($0.recordedAt, $0.id ?? 0) < ($1.recordedAt, $1.id ?? 0) }
        guard let latest = ordered.last(where: { $0.recordedAt <= date }) else {
            self = .missing
            return
        }
        let lastGrant = ordered.last { $0.kind == .granted && $0.recordedAt <= date }
        switch latest.kind {
        case .withdrawn:
            self.init(state: .withdrawn, reference: lastGrant?.reference, expiresOn: lastGrant?.expiresOn,
                      changedAt: latest.recordedAt, changedBy: latest.recordedBy, reason: latest.reason)
        case .granted:
            var state = ConsentState.ok
            if let expiry = latest.expiresOn, expiry < CalendarDay(date, timeZone: timeZone) { state = .expired }
            self.init(state: state, reference: latest.reference, expiresOn: latest.expiresOn,
                      changedAt: latest.recordedAt, changedBy: latest.recordedBy, reason: latest.reason)
        }
    }
}
