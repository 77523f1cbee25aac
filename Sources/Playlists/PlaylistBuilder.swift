import Dispatch
import Foundation
import Media

/// Chooses and orders a playlist's segments: a pure, deterministic algorithm with no database.
///
/// 1. Leaves out candidates whose speaker lacks valid consent, those excluded, empty ones, those longer than the
///    clip limit, and those on none of the audience's or requested themes; `include`d ones are always taken.
/// 2. Opens with the best clip on the audience's opening theme and closes with the best on its closing theme.
/// 3. Covers each requested theme, rarest first, with the best-scoring candidate that carries it.
/// 4. Fills toward the target, each step taking the best score: theme weight × how far the theme is below its
///    weighted share of the time, a preference for the audience's roles, penalties for a speaker or role already
///    heard, pressure toward a `minimumShare` side that is behind, and a small seeded random term for ties.
///    A candidate that would make a side's minimum share unreachable with the catalogue's material is skipped.
/// 5. Repairs the length (drops redundant items when over, swaps one item when under) to land within ±10 %.
/// 6. Orders the items into an arc — opening, one section per theme in request order, closing — with no speaker
///    twice in a row where the material allows.
///
/// The same candidates (in any order), request and seed always give the same plan.
public struct PlaylistBuilder: Sendable {
    /// The taxonomy, for theme labels in explanations.
    public var taxonomy: Taxonomy

    /// A builder that labels themes from `taxonomy`.
    public init(taxonomy: Taxonomy = .standard) {
        self.taxonomy = taxonomy
    }

    /// Builds the plan for `request` from `candidates`; never throws: what cannot be met is explained in
    /// `plan.explanation.shortfalls`.
    public func build(_ request: PlaylistRequest, from candidates: [PlaylistCandidate]) -> PlaylistPlan {
        let started = DispatchTime.now().uptimeNanoseconds
        var run = Run(builder: self, request: request, candidates: candidates)
        let plan = run.execute()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return PlaylistPlan(items: plan.items, explanation: plan.explanation, elapsed: elapsed)
    }

    /// The label of a theme, or its id when the taxonomy lacks it.
    func label(_ themeID: String) -> String { taxonomy.theme(id: themeID)?.label ?? themeID }
}

extension PlaylistBuilder {
    /// One eligible candidate with what the scores need, precomputed.
    fileprivate struct Eligible {
        var candidate: PlaylistCandidate
        /// Indices of the requested themes it carries.
        var themeIndices: [Int]
        /// Role preference + weight of the audience's other themes + the seeded random term.
        var base: Double
        var forced: Bool
        var preferredRole: Bool
        var duration: Int64 { candidate.durationMs }
    }

    /// Why an item is in the playlist.
    fileprivate struct Pick {
        var section: PlaylistSection
        var themeIndex: Int?
        var reason: String
        var removable: Bool
    }

    /// One build: the state of the greedy choice.
    fileprivate struct Run {
        let builder: PlaylistBuilder
        let request: PlaylistRequest
        let profile: AudienceProfile
        let themes: [String]
        let weights: [Double]
        let weightSum: Double
        let target: Int64
        let lower: Int64
        let upper: Int64
        let considered: Int
        var all: [PlaylistCandidate]
        var eligible: [Eligible] = []
        var leftOut: [String: (count: Int, examples: [String], order: Int)] = [:]
        var notes: [String] = []
        var shortfalls: [String] = []
        /// Consented candidates left out only because they carry none of the playlist's themes.
        var untagged: [PlaylistCandidate] = []
        var tagSuggestions: [PlaylistExplanation.TagSuggestion] = []

        var chosen: [Int] = []
        var isChosen: [Bool] = []
        var picks: [Int: Pick] = [:]
        var total: Int64 = 0
        var speakerUses: [Int64: Int] = [:]
        var roleUses: [String: Int] = [:]
        var themeMs: [Int64]
        var themeItems: [Int]
        var sideMs: [Audience: Int64] = [:]
        /// The running time of eligible candidates not chosen, by side.
        var unchosenSideMs: [Audience: Int64] = [:]
        var ranges: [Int64: [(Int64, Int64)]] = [:]

        init(builder: PlaylistBuilder, request: PlaylistRequest, candidates: [PlaylistCandidate]) {
            self.builder = builder
            self.request = request
            profile = request.audience
            var seen = Set<String>()
            themes = request.effectiveThemes.filter { seen.insert($0).inserted }
            weights = themes.map { request.audience.weight(of: $0) > 0 ? request.audience.weight(of: $0) : 1 }
            weightSum = max(weights.reduce(0, +), 1)
            target = max(1, request.effectiveTargetMs)
            lower = target - target / 10
            upper = target + target / 10
            considered = candidates.count
            // A canonical order, so the input's order never changes the result.
            all = candidates.sorted { ($0.id, $0.clipID, $0.startMs) < ($1.id, $1.clipID, $1.startMs) }
            themeMs = Array(repeating: 0, count: themes.count)
            themeItems = Array(repeating: 0, count: themes.count)
        }

        // MARK: - The steps

        mutating func execute() -> (items: [PlaylistPlan.Item], explanation: PlaylistExplanation) {
            filter()
            isChosen = Array(repeating: false, count: eligible.count)
            for e in eligible { if let side = e.candidate.side { unchosenSideMs[side, default: 0] += e.duration } }
            takeIncluded()
            let opening = takeOpening()
            let closing = takeClosing(avoidingSpeakerOf: opening)
            cover()
            fill()
            repairLength()
            checkShares()
            checkPreferences()
            let order = arrange(opening: opening, closing: closing)
            return (items(order), explanation(order))
        }

        /// Step 1: sorts every candidate into eligible or left out (with the reason).
        mutating func filter() {
            var rng = PlaylistRandom(seed: request.seed)
            let includes = Set(request.include.map { $0.lowercased() })
            let excludes = Set(request.exclude.map { $0.lowercased() })
            let maxClip = request.effectiveMaxClipMs
            let themeIndex = Dictionary(uniqueKeysWithValues: themes.enumerated().map { ($1, $0) })
            var includeHits = Set<String>()
            let preferred = request.effectivePreferredRoleIDs
            // `--include CLIP` takes the whole clip when it is a candidate; only when it is not (a builder fed
            // segments alone) does a clip id stand for all its segments.
            let ids = Set(all.map { $0.id.lowercased() })
            for c in all where c.segmentID == nil && includes.contains(c.id.lowercased()) && all.contains(where: { $0.clipID == c.clipID && $0.segmentID != nil }) {
                notes.append("--include \(c.id) took the whole clip (\(MediaTime(milliseconds: c.startMs).playlistClock)–\(MediaTime(milliseconds: c.endMs).playlistClock)), not one of its segments; name a segment (s-…) to take only that part")
            }
            for c in all {
                // Drawn for every candidate in canonical order: the same seed gives each candidate the same value.
                let jitter = rng.nextUnit() * 0.6
                let byClip = !ids.contains(c.clipShortID.lowercased()) && includes.contains(c.clipShortID.lowercased())
                let matchesInclude = includes.contains(c.id.lowercased()) || byClip
                if matchesInclude { includeHits.insert(byClip ? c.clipShortID.lowercased() : c.id.lowercased()) }
                if excludes.contains(c.id.lowercased()) || excludes.contains(c.clipShortID.lowercased()) {
                    leave(c, "excluded with --exclude")
                    continue
                }
                if !c.consent.state.isUsable {
                    leave(c, Run.consentReason(c))
                    if matchesInclude { notes.append("--include \(c.id) was not honoured: \(Run.consentReason(c))") }
                    continue
                }
                if c.durationMs <= 0 {
                    leave(c, "with an empty range")
                    continue
                }
                let indices = c.themes.compactMap { themeIndex[$0] }
                let otherWeight = c.themes.filter { themeIndex[$0] == nil }.reduce(0.0) { $0 + profile.weight(of: $1) }
                if !matchesInclude {
                    if let maxClip, c.durationMs > maxClip {
                        leave(c, "longer than the \(MediaTime(milliseconds: maxClip).playlistClock) limit (--max-clip)")
                        continue
                    }
                    if indices.isEmpty && otherWeight == 0 {
                        leave(c, "on none of this playlist's themes")
                        untagged.append(c)
                        continue
                    }
                }
                var roleBonus = 0.0
                var isPreferred = false
                if let role = c.roleID, let k = preferred.firstIndex(of: role) {
                    roleBonus = 1 + Double(preferred.count - k) / Double(preferred.count)
                    isPreferred = true
                }
                eligible.append(Eligible(candidate: c, themeIndices: indices, base: roleBonus + 0.2 * otherWeight + jitter,
                                         forced: matchesInclude, preferredRole: isPreferred))
            }
            for id in request.include where !includeHits.contains(id.lowercased()) {
                notes.append("--include \(id) was not honoured: no such segment or clip among the candidates")
            }
        }

        /// Every included candidate goes in first.
        mutating func takeIncluded() {
            for i in eligible.indices where eligible[i].forced && canAdd(i) {
                add(i, Pick(section: .theme, themeIndex: eligible[i].themeIndices.first, reason: "asked for with --include", removable: false))
            }
        }

        /// Step 2a: the best clip on the opening theme.
        mutating func takeOpening() -> Int? {
            guard let theme = profile.openingThemeID else { return nil }
            if let i = chosen.first(where: { eligible[$0].candidate.themes.contains(theme) }) {
                picks[i]?.section = .opening
                picks[i]?.reason = "asked for with --include; opens the playlist on '\(builder.label(theme))'"
                return i
            }
            let best = bestIndex { i in
                guard eligible[i].candidate.themes.contains(theme), total + eligible[i].duration <= upper else { return nil }
                return score(i) + sideBonus(i) * 1.5
            }
            guard let best else {
                notes.append("no consented clip is tagged '\(builder.label(theme))', the audience's opening theme: the playlist opens with its first section")
                return nil
            }
            add(best, Pick(section: .opening, themeIndex: themes.firstIndex(of: theme),
                           reason: "opens the playlist: tagged '\(builder.label(theme))', the audience's opening theme" + voiceNote(best),
                           removable: false))
            return best
        }

        /// Step 2b: the best clip on the closing theme, by another speaker than the opening's when possible.
        mutating func takeClosing(avoidingSpeakerOf opening: Int?) -> Int? {
            guard let theme = profile.closingThemeID else { return nil }
            let openingSpeaker = opening.map { eligible[$0].candidate.speakerID }
            let best = bestIndex { i in
                guard eligible[i].candidate.themes.contains(theme), total + eligible[i].duration <= upper else { return nil }
                return score(i) - (openingSpeaker != nil && eligible[i].candidate.speakerID == openingSpeaker! ? 5 : 0)
            }
            guard let best else {
                notes.append("no consented clip is tagged '\(builder.label(theme))', the audience's closing theme: the playlist ends with its last section")
                return nil
            }
            add(best, Pick(section: .closing, themeIndex: themes.firstIndex(of: theme),
                           reason: "closing reflection: tagged '\(builder.label(theme))'" + voiceNote(best), removable: false))
            return best
        }

        /// Step 3: each requested theme at least once, the rarest first.
        mutating func cover() {
            var supply = Array(repeating: 0, count: themes.count)
            for e in eligible { for t in e.themeIndices { supply[t] += 1 } }
            let order = themes.indices.sorted { (supply[$0], $0) < (supply[$1], $1) }
            for t in order where themeItems[t] == 0 {
                let best = bestIndex { i in
                    guard eligible[i].themeIndices.contains(t) else { return nil }
                    let over = total + eligible[i].duration > upper ? 20 + Double(total + eligible[i].duration - upper) / 1000 : 0
                    return score(i) - over - (shareFeasible(i) ? 0 : 3)
                }
                guard let best else {
                    shortfalls.append(missingThemeMessage(themes[t]))
                    continue
                }
                add(best, Pick(section: .theme, themeIndex: t,
                               reason: "covers '\(builder.label(themes[t]))' (weight \(Run.weightText(weights[t])); \(supply[t] == 1 ? "the only consented candidate" : "best of \(supply[t]) consented candidates") on it)" + voiceNote(best),
                               removable: false))
            }
        }

        /// Step 4: the best candidate at each step until the target is reached or nothing more fits.
        mutating func fill() {
            while total < target {
                let best = bestIndex { i in
                    guard total + eligible[i].duration <= upper, shareFeasible(i) else { return nil }
                    return score(i) + (total + eligible[i].duration >= lower ? 0.5 : 0)
                }
                guard let best else { break }
                add(best, Pick(section: .theme, themeIndex: primaryTheme(best), reason: fillReason(best), removable: true))
            }
        }

        /// Step 5: lands the running time within ±10 % of the target when the material allows.
        mutating func repairLength() {
            // Over: drop items whose themes are all covered elsewhere, longest first.
            while total > upper {
                let redundant = chosen.filter { i in
                    picks[i]!.section == .theme && !eligible[i].forced && eligible[i].themeIndices.allSatisfy { themeItems[$0] > 1 }
                }.sorted { (eligible[$0].duration, $1) > (eligible[$1].duration, $0) }
                guard let drop = redundant.first else { break }
                remove(drop)
            }
            // Under: swap one removable item for a longer one that lands in range.
            var attempts = 0
            while total < lower && attempts < 8 {
                attempts += 1
                var best: (out: Int, in: Int, score: Double)?
                for x in chosen where picks[x]!.removable {
                    let without = total - eligible[x].duration
                    for i in eligible.indices where !isChosen[i] {
                        let d = eligible[i].duration
                        guard without + d >= lower, without + d <= upper, canAdd(i, ignoring: x) else { continue }
                        // Keep every theme x alone covered.
                        let lost = eligible[x].themeIndices.filter { themeItems[$0] == 1 }
                        guard lost.allSatisfy({ eligible[i].themeIndices.contains($0) }) else { continue }
                        let s = score(i) - Double(abs(without + d - target)) / Double(target)
                        if best == nil || s > best!.score { best = (x, i, s) }
                    }
                }
                guard let swap = best else { break }
                let pick = picks[swap.out]!
                remove(swap.out)
                add(swap.in, Pick(section: .theme, themeIndex: primaryTheme(swap.in),
                                  reason: fillReason(swap.in) + " (swapped in to reach the target length)", removable: pick.removable))
            }
            if total < lower {
                let unused = eligible.indices.filter { !isChosen[$0] }
                let spare = unused.reduce(Int64(0)) { $0 + eligible[$1].duration }
                let have = MediaTime(milliseconds: total).playlistClock
                let want = MediaTime(milliseconds: target).playlistClock
                if unused.isEmpty || spare == 0 {
                    shortfalls.append("the catalogue has only \(have) of consented material on these themes for this audience, against a \(want) target (at least \(MediaTime(milliseconds: lower).playlistClock) needed)")
                } else {
                    shortfalls.append("only \(have) could be assembled (target \(want)): the \(unused.count) unused candidates would repeat voices past the limit or overlap chosen clips, or are too long to land within ±10 %")
                }
            } else if total > upper {
                shortfalls.append("covering every theme takes \(MediaTime(milliseconds: total).playlistClock), over the \(MediaTime(milliseconds: target).playlistClock) target by more than 10 %: give a longer --target or fewer --themes")
            }
        }

        /// Reports preferred voices the playlist could not give, and — whenever anything fell short — which
        /// consented clips, tagged with one of the playlist's themes, would close the gap.
        mutating func checkPreferences() {
            let preferred = request.effectivePreferredRoleIDs
            let heard = Set(chosen.compactMap { eligible[$0].candidate.roleID })
            let missingRoles = preferred.filter { !heard.contains($0) }
            var roleShortfall = false
            if !preferred.isEmpty && missingRoles.count == preferred.count {
                roleShortfall = true
                let names = preferred.prefix(4).joined(separator: ", ") + (preferred.count > 4 ? "…" : "")
                let available = eligible.filter { e in e.candidate.roleID.map(preferred.contains) ?? false }.count
                shortfalls.append("no voice this audience favours (\(names)) is in the playlist: "
                    + (available == 0 ? "no consented clip by them is on these themes" : "their \(available) clips on these themes did not fit the other constraints"))
            }
            guard !shortfalls.isEmpty, !untagged.isEmpty else { return }
            // The themes most in need of material: uncovered first, then by how far below their share.
            let needy = themes.indices.sorted { a, b in
                let ka = (themeItems[a] == 0 ? 0 : 1, -weights[a] * deficit(a)), kb = (themeItems[b] == 0 ? 0 : 1, -weights[b] * deficit(b))
                return (ka.0, ka.1, a) < (kb.0, kb.1, b)
            }.prefix(3).map { themes[$0] }
            guard !needy.isEmpty else { return }
            func rank(_ c: PlaylistCandidate) -> Int { c.roleID.flatMap { preferred.firstIndex(of: $0) } ?? preferred.count }
            // A clip already in the playlist through another segment is not worth suggesting twice.
            let ordered = untagged.sorted { a, b in
                (rank(a), -a.durationMs, a.id) < (rank(b), -b.durationMs, b.id)
            }
            var gap = max(0, lower - total)
            var rolesToFind = Set(roleShortfall ? preferred : [])
            var seen = Set<String>()
            for c in ordered where tagSuggestions.count < 8 {
                let isPreferred = c.roleID.map(rolesToFind.contains) ?? false
                guard isPreferred || gap > 0 else { continue }
                guard seen.insert(c.id).inserted else { continue }
                var why: [String] = []
                if isPreferred, let role = c.roleLabel ?? c.roleID {
                    why.append("a voice this audience favours (\(role.lowercased()))")
                    rolesToFind.remove(c.roleID!)
                }
                if gap > 0 {
                    why.append("adds \(MediaTime(milliseconds: c.durationMs).playlistClock) toward the \(MediaTime(milliseconds: target).playlistClock) target")
                    gap -= c.durationMs
                }
                tagSuggestions.append(.init(id: c.id, voice: c.voice, durationMs: c.durationMs, themes: needy, reason: why.joined(separator: "; ")))
            }
        }

        /// Reports a side whose minimum share was not reached.
        mutating func checkShares() {
            guard total > 0 else { return }
            for (side, minimum) in profile.minimumShare.sorted(by: { $0.key < $1.key }) where minimum > 0 {
                let share = Double(sideMs[side] ?? 0) / Double(total)
                guard share + 0.005 < minimum else { continue }
                let material = eligible.filter { $0.candidate.side == side }.reduce(Int64(0)) { $0 + $1.duration }
                let who = side == .nonClinical ? "non-clinical" : "clinical"
                var message = "only \(Int((share * 100).rounded()))% of the running time is from \(who) staff (at least \(Int((minimum * 100).rounded()))% wanted)"
                if Double(material) < minimum * Double(total) {
                    message += ": the catalogue has only \(MediaTime(milliseconds: material).playlistClock) of consented \(who) material on these themes"
                } else {
                    message += ": the \(who) material could not be fitted without breaking the other constraints"
                }
                shortfalls.append(message)
            }
        }

        // MARK: - Arc

        /// Step 6: opening, one section per theme in request order, closing; no speaker twice in a row if avoidable.
        mutating func arrange(opening: Int?, closing: Int?) -> [Int] {
            let openingIndex = chosen.first { picks[$0]!.section == .opening } ?? opening
            let closingIndex = chosen.first { picks[$0]!.section == .closing } ?? closing
            var sections: [[Int]] = Array(repeating: [], count: themes.count + 1)
            for i in chosen where i != openingIndex && i != closingIndex {
                var t = picks[i]!.themeIndex
                if t == nil || !eligible[i].themeIndices.contains(t!) { t = eligible[i].themeIndices.min() }
                picks[i]!.themeIndex = t
                sections[t ?? themes.count].append(i)
            }
            var order: [Int] = openingIndex.map { [$0] } ?? []
            for section in sections where !section.isEmpty {
                var remaining = section.sorted { (score(forOrder: $0), -$0) > (score(forOrder: $1), -$1) }
                while !remaining.isEmpty {
                    let previous = order.last.map { eligible[$0].candidate.speakerID }
                    // The speaker with the most items left goes first (the classic way to avoid neighbours).
                    let counts = Dictionary(grouping: remaining, by: { eligible[$0].candidate.speakerID }).mapValues(\.count)
                    let pick = remaining.indices.filter { previous == nil || eligible[remaining[$0]].candidate.speakerID != previous! }
                        .max { (counts[eligible[remaining[$0]].candidate.speakerID]!, -$0) < (counts[eligible[remaining[$1]].candidate.speakerID]!, -$1) }
                    order.append(remaining.remove(at: pick ?? 0))
                }
            }
            if let closingIndex { order.append(closingIndex) }
            fixNeighbours(&order, fixedFirst: openingIndex != nil, fixedLast: closingIndex != nil)
            return order
        }

        /// Swaps items so no speaker plays twice in a row; reports pairs that cannot be separated.
        mutating func fixNeighbours(_ order: inout [Int], fixedFirst: Bool, fixedLast: Bool) {
            func speaker(_ p: Int) -> Int64? { eligible[order[p]].candidate.speakerID }
            func clashes(_ p: Int) -> Bool {
                (p > 0 && speaker(p) == speaker(p - 1)) || (p + 1 < order.count && speaker(p) == speaker(p + 1))
            }
            guard order.count > 1 else { return }
            let movable = (fixedFirst ? 1 : 0)..<max(fixedFirst ? 1 : 0, order.count - (fixedLast ? 1 : 0))
            for p in 1..<order.count where speaker(p) == speaker(p - 1) {
                // Move p (or p - 1 when p is fixed) by swapping with a position where neither clashes afterwards.
                let target = movable.contains(p) ? p : p - 1
                guard movable.contains(target) else { continue }
                let sameSection = picks[order[target]]!.themeIndex
                let options = movable.filter { $0 != target }.sorted { a, b in
                    let sa = picks[order[a]]!.themeIndex == sameSection, sb = picks[order[b]]!.themeIndex == sameSection
                    return (sa ? 0 : 1, abs(a - target)) < (sb ? 0 : 1, abs(b - target))
                }
                for q in options {
                    order.swapAt(target, q)
                    if !clashes(target) && !clashes(q) { break }
                    order.swapAt(target, q)
                }
            }
            for p in 1..<order.count where speaker(p) == speaker(p - 1) {
                let voice = eligible[order[p]].candidate.voice
                let speakers = Set(eligible.map(\.candidate.speakerID)).count
                shortfalls.append("\(voice) speaks twice in a row (items \(p) and \(p + 1)): \(speakers == 1 ? "only one speaker has" : "too few speakers have") consented clips on these themes")
            }
        }

        // MARK: - Output

        func items(_ order: [Int]) -> [PlaylistPlan.Item] {
            order.map { i in
                let pick = picks[i]!
                let theme: String?
                switch pick.section {
                case .opening: theme = profile.openingThemeID
                case .closing: theme = profile.closingThemeID
                default: theme = pick.themeIndex.map { themes[$0] }
                }
                return PlaylistPlan.Item(candidate: eligible[i].candidate, section: pick.section, sectionThemeID: theme, reason: pick.reason)
            }
        }

        func explanation(_ order: [Int]) -> PlaylistExplanation {
            let planItems = items(order)
            let choices = planItems.enumerated().map { n, item in
                PlaylistExplanation.Choice(position: n + 1, id: item.candidate.id, voice: item.candidate.voice, title: item.candidate.title,
                                           section: item.section, themeID: item.sectionThemeID, durationMs: item.candidate.durationMs,
                                           reason: item.reason)
            }
            var out = leftOut
            let unused = eligible.indices.filter { !isChosen[$0] }
            if !unused.isEmpty {
                let best = unused.sorted { (score(forOrder: $0), -$0) > (score(forOrder: $1), -$1) }
                let reason = total >= lower ? "not needed: the target length was reached (best of the rest first)"
                    : "not used: they would break the voice balance, overlap a chosen clip, or overrun the length"
                out[reason] = (unused.count, best.prefix(5).map { eligible[$0].candidate.id }, Int.max)
            }
            let coverage = themes.indices.map { t in
                PlaylistExplanation.Coverage(themeID: themes[t], label: builder.label(themes[t]), weight: weights[t], items: themeItems[t],
                                             durationMs: themeMs[t])
            }
            var shares: [String: Double] = [:]
            for side in Audience.allCases { shares[side.rawValue] = total > 0 ? Double(sideMs[side] ?? 0) / Double(total) : 0 }
            return PlaylistExplanation(
                audienceID: profile.id, audienceLabel: profile.label, themes: themes, targetMs: target, lowerMs: lower, upperMs: upper,
                totalMs: total, seed: request.seed, candidatesConsidered: considered, choices: choices,
                leftOut: out.sorted { ($0.value.order, $0.key) < ($1.value.order, $1.key) }
                    .map { .init(reason: $0.key, count: $0.value.count, examples: $0.value.examples) },
                shortfalls: shortfalls, notes: notes, coverage: coverage, shares: shares, roles: roleUses, tagSuggestions: tagSuggestions)
        }

        // MARK: - Scores and bookkeeping

        /// The score of adding candidate `i` now.
        func score(_ i: Int) -> Double {
            let e = eligible[i]
            var s = e.base
            for t in e.themeIndices {
                let desired = Double(target) * weights[t] / weightSum
                let deficit = max(0, desired - Double(themeMs[t])) / desired
                s += weights[t] * (0.25 + deficit)
            }
            if let speaker = e.candidate.speakerID { s -= 3 * Double(speakerUses[speaker] ?? 0) }
            if let role = e.candidate.roleID {
                let uses = roleUses[role] ?? 0
                s += uses == 0 ? 1 : -0.8 * Double(uses)
            }
            return s + sideBonus(i)
        }

        /// A stable score for ordering items within a section and listing runners-up.
        func score(forOrder i: Int) -> Double {
            eligible[i].base + eligible[i].themeIndices.reduce(0) { $0 + weights[$1] }
        }

        /// +1.5 for a candidate on a side that is below its minimum share, −0.5 for one on the other side.
        func sideBonus(_ i: Int) -> Double {
            var s = 0.0
            for (side, minimum) in profile.minimumShare where minimum > 0 {
                let share = total > 0 ? Double(sideMs[side] ?? 0) / Double(total) : 0
                if share < minimum { s += eligible[i].candidate.side == side ? 1.5 : -0.5 }
            }
            return s
        }

        /// Whether adding `i` keeps every side's minimum share reachable with the material left.
        func shareFeasible(_ i: Int) -> Bool {
            let d = eligible[i].duration
            for (side, minimum) in profile.minimumShare where minimum > 0 && eligible[i].candidate.side != side {
                let sideNow = sideMs[side] ?? 0
                let others = total - sideNow + d
                let needed = minimum >= 1 ? Double.infinity : minimum / (1 - minimum) * Double(others)
                let available = unchosenSideMs[side] ?? 0
                let room = max(0, upper - total - d)
                if Double(sideNow + min(available, room)) < needed && available > 0 { return false }
            }
            return true
        }

        /// The highest-scoring candidate that is not chosen, does not overlap a chosen range and gets a score;
        /// ties go to the earlier candidate in canonical order.
        func bestIndex(_ scoring: (Int) -> Double?) -> Int? {
            var best: (Int, Double)?
            for i in eligible.indices where !isChosen[i] && canAdd(i) {
                guard let s = scoring(i) else { continue }
                if best == nil || s > best!.1 { best = (i, s) }
            }
            return best?.0
        }

        /// Whether `i` overlaps no chosen range of the same clip (optionally ignoring one chosen item).
        func canAdd(_ i: Int, ignoring: Int? = nil) -> Bool {
            let c = eligible[i].candidate
            guard let taken = ranges[c.clipID] else { return true }
            let skip = ignoring.map { (eligible[$0].candidate.startMs, eligible[$0].candidate.endMs) }
            return !taken.contains { r in
                if let skip, eligible[ignoring!].candidate.clipID == c.clipID, r == skip { return false }
                return r.0 < c.endMs && c.startMs < r.1
            }
        }

        mutating func add(_ i: Int, _ pick: Pick) {
            let c = eligible[i].candidate
            chosen.append(i)
            isChosen[i] = true
            picks[i] = pick
            total += c.durationMs
            if let s = c.speakerID { speakerUses[s, default: 0] += 1 }
            if let r = c.roleID { roleUses[r, default: 0] += 1 }
            if let side = c.side {
                sideMs[side, default: 0] += c.durationMs
                unchosenSideMs[side, default: 0] -= c.durationMs
            }
            for t in eligible[i].themeIndices {
                themeMs[t] += c.durationMs
                themeItems[t] += 1
            }
            ranges[c.clipID, default: []].append((c.startMs, c.endMs))
        }

        mutating func remove(_ i: Int) {
            let c = eligible[i].candidate
            chosen.removeAll { $0 == i }
            isChosen[i] = false
            picks[i] = nil
            total -= c.durationMs
            if let s = c.speakerID { speakerUses[s, default: 1] -= 1 }
            if let r = c.roleID {
                roleUses[r, default: 1] -= 1
                if roleUses[r] == 0 { roleUses[r] = nil }
            }
            if let side = c.side {
                sideMs[side, default: 0] -= c.durationMs
                unchosenSideMs[side, default: 0] += c.durationMs
            }
            for t in eligible[i].themeIndices {
                themeMs[t] -= c.durationMs
                themeItems[t] -= 1
            }
            if let k = ranges[c.clipID]?.firstIndex(where: { $0 == (c.startMs, c.endMs) }) { ranges[c.clipID]!.remove(at: k) }
        }

        mutating func leave(_ c: PlaylistCandidate, _ reason: String) {
            var entry = leftOut[reason] ?? (0, [], leftOut.count)
            entry.count += 1
            if entry.examples.count < 5 { entry.examples.append(c.id) }
            leftOut[reason] = entry
        }

        /// The requested theme `i` does most for now (largest weighted deficit).
        func primaryTheme(_ i: Int) -> Int? {
            eligible[i].themeIndices.max { a, b in
                (weights[a] * deficit(a), -a) < (weights[b] * deficit(b), -b)
            }
        }

        func deficit(_ t: Int) -> Double {
            let desired = Double(target) * weights[t] / weightSum
            return max(0, desired - Double(themeMs[t])) / desired
        }

        /// Why a fill step chose `i`, before it is added.
        func fillReason(_ i: Int) -> String {
            var parts: [String] = []
            if let t = primaryTheme(i) {
                let below = Int((deficit(t) * 100).rounded())
                parts.append("more on '\(builder.label(themes[t]))' (weight \(Run.weightText(weights[t])), "
                    + (below > 0 ? "\(below)% below its share of the time)" : "its share of the time already met; the best of what fits)"))
            } else {
                parts.append("on the audience's wider themes")
            }
            return parts.joined(separator: "; ") + voiceNote(i)
        }

        /// `; a new voice; a preferred role (porter)` and the like.
        func voiceNote(_ i: Int) -> String {
            let c = eligible[i].candidate
            var parts: [String] = []
            if let s = c.speakerID, (speakerUses[s] ?? 0) == 0 || (isChosen[i] && speakerUses[s] == 1) {
                parts.append("a new voice")
            }
            if eligible[i].preferredRole, let role = c.roleLabel ?? c.roleID { parts.append("a voice this audience favours (\(role.lowercased()))") }
            for (side, minimum) in profile.minimumShare where minimum > 0 && c.side == side {
                let share = total > 0 ? Double(sideMs[side] ?? 0) / Double(total) : 0
                if share < minimum { parts.append("keeps \(side.rawValue) voices toward \(Int((minimum * 100).rounded()))% of the time") }
            }
            return parts.isEmpty ? "" : "; " + parts.joined(separator: "; ")
        }

        /// `no consented clip covers 'X' for this audience`, with why when the catalogue has clips on it.
        func missingThemeMessage(_ theme: String) -> String {
            let label = builder.label(theme)
            let tagged = all.filter { $0.themes.contains(theme) }
            var message = "no consented clip covers '\(label)' for this audience"
            if tagged.isEmpty {
                message += ": no clip or segment in the catalogue is tagged with it"
            } else {
                let noConsent = tagged.filter { !$0.consent.state.isUsable }.count
                let excluded = tagged.count - noConsent
                var why: [String] = []
                if noConsent > 0 { why.append("\(noConsent) tagged with it lack consent") }
                if excluded > 0 { why.append("\(excluded) \(excluded == 1 ? "is" : "are") excluded, too long or overlap chosen clips") }
                message += ": " + why.joined(separator: ", ")
            }
            return message
        }

        static func consentReason(_ c: PlaylistCandidate) -> String {
            switch c.consent.state {
            case .withdrawn:
                let day = c.consent.changedAt.map { " " + CalendarDay($0).description } ?? ""
                return "consent withdrawn\(day) (\(c.voice))"
            case .expired:
                let day = c.consent.expiresOn.map { " \($0)" } ?? ""
                return "consent expired\(day) (\(c.voice))"
            case .missing:
                return c.speakerID == nil ? "no speaker recorded, so no consent" : "no consent recorded (\(c.voice))"
            case .ok:
                return "usable"
            }
        }

        static func weightText(_ w: Double) -> String {
            w == w.rounded() ? String(Int(w)) : String(format: "%.1f", w)
        }
    }
}
