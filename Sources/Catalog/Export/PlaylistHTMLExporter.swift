import Foundation
import Media
import Playlists

/// Writes a playlist as one self-contained web page: inline CSS and JavaScript, no network.
///
/// A `<video>` plays the trimmed files beside the page (`NAME.media/…`) one after the other; the chapter list
/// (number, speaker, role, theme, time on the playlist's timeline) jumps between them; each file's captions come
/// from the catalogue's caption cues, clipped to the item's range and inlined as a WebVTT `data:` URL on a
/// `<track kind="captions">`. The playlist's chapters are inlined the same way as a `<track kind="chapters">`
/// description for tools that read it. The page's title and heading are the playlist's title
/// (`Playlist.displayTitle`); the player shows `poster` (a JPEG, inlined as a `data:` URL) before it plays.
public enum PlaylistHTMLExporter {
    /// The page; `mediaFolder` is the folder's name relative to the page, `captions` the WebVTT text per entry number,
    /// `poster` the JPEG the player shows before playing (nil: none).
    public static func html(
        _ timeline: PlaylistTimeline, pieces: [PlaylistMediaWriter.Piece], mediaFolder: String, captions: [Int: String],
        taxonomy: Taxonomy, audienceLabel: String?, poster: Data? = nil
    ) -> String {
        let byNumber = Dictionary(uniqueKeysWithValues: pieces.map { ($0.number, $0) })
        var items: [[String: Any]] = []
        var start = 0.0
        var rows = ""
        for e in timeline.entries {
            guard let piece = byNumber[e.number] else { continue }
            let entry = e.entry
            let section = PlaylistChapterExporter.sectionLabel(entry, taxonomy: taxonomy) ?? ""
            var item: [String: Any] = [
                "src": mediaFolder + "/" + piece.fileName, "title": entry.displayTitle, "start": start,
                "duration": piece.duration.seconds, "section": section,
            ]
            if let vtt = captions[e.number] { item["captions"] = dataURL(vtt, type: "text/vtt") }
            items.append(item)
            let who = entry.speaker?.name ?? "Unknown speaker"
            let role = entry.role?.label ?? entry.speaker?.roleID ?? ""
            let themes = entry.themes.map { taxonomy.theme(id: $0)?.label ?? $0 }.joined(separator: ", ")
            rows += """
                <li><button type="button" data-index="\(items.count - 1)">\
                <span class="num">\(e.number)</span>\
                <span class="time">\(escape(clock(start)))</span>\
                <span class="who"><strong>\(escape(who))</strong> · \(escape(role))</span>\
                <span class="what">\(escape(entry.item.title))</span>\
                <span class="theme">\(escape(section.isEmpty ? themes : section))</span>\
                </button></li>

                """
            start += piece.duration.seconds
        }
        let json = (try? JSONSerialization.data(withJSONObject: items, options: [.sortedKeys, .withoutEscapingSlashes]))
            .flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        let chapters = dataURL(PlaylistChapterExporter.webVTT(timeline, taxonomy: taxonomy), type: "text/vtt")
        let subtitle = [audienceLabel, "\(items.count) clip\(items.count == 1 ? "" : "s")", clock(start)].compactMap { $0 }.joined(separator: " · ")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="reel playlist export">
            <title>\(escape(timeline.title))</title>
            <style>
            :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
            body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.4; }
            h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
            .sub { margin: 0 0 1rem; opacity: .75; }
            .layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); gap: 1.25rem; align-items: start; }
            @media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
            video { width: 100%; background: #000; border-radius: .5rem; aspect-ratio: 16 / 9; }
            #now { margin: .5rem 0; font-weight: 600; }
            #clock { font-variant-numeric: tabular-nums; opacity: .75; }
            ol { list-style: none; margin: 0; padding: 0; }
            li button { display: grid; grid-template-columns: 2rem 3.5rem 1fr; gap: .1rem .5rem; width: 100%; text-align: left;
              padding: .5rem; margin: 0 0 .25rem; border: 1px solid #8884; border-radius: .4rem; background: none; color: inherit;
              font: inherit; cursor: pointer; }
            li button:hover, li button:focus-visible { border-color: #2a7ae2; }
            li button.active { background: #2a7ae222; border-color: #2a7ae2; }
            .num { font-weight: 700; grid-row: span 3; }
            .time { font-variant-numeric: tabular-nums; opacity: .75; grid-row: span 3; }
            .what { font-style: italic; }
            .theme { font-size: .85rem; opacity: .8; }
            </style>
            </head>
            <body>
            <h1>\(escape(timeline.title))</h1>
            <p class="sub">\(escape(subtitle))</p>
            <div class="layout">
            <div>
            <video id="player" controls playsinline preload="metadata"\(poster.map { " poster=\"data:image/jpeg;base64,\($0.base64EncodedString())\"" } ?? "")>
            <track id="chapters" kind="chapters" label="Chapters" srclang="en" src="\(chapters)">
            </video>
            <p id="now"></p>
            <p id="clock"></p>
            </div>
            <nav aria-label="Chapters">
            <ol id="list">
            \(rows)</ol>
            </nav>
            </div>
            <script>
            "use strict";
            const items = \(scriptData(json));
            const video = document.getElementById("player");
            const buttons = Array.from(document.querySelectorAll("#list button"));
            let current = -1;
            function clock(s) {
              s = Math.max(0, Math.round(s));
              return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
            }
            function load(i, play) {
              if (i < 0 || i >= items.length) return;
              current = i;
              const item = items[i];
              for (const t of Array.from(video.querySelectorAll("track[kind=captions]"))) t.remove();
              video.src = item.src;
              if (item.captions) {
                const t = document.createElement("track");
                t.kind = "captions"; t.label = "English"; t.srclang = "en"; t.default = true; t.src = item.captions;
                video.appendChild(t);
                t.addEventListener("load", () => { t.track.mode = "showing"; });
              }
              buttons.forEach((b, n) => b.classList.toggle("active", n === i));
              document.getElementById("now").textContent = (i + 1) + ". " + item.title + (item.section ? " — " + item.section : "");
              if (play) video.play().catch(() => {});
            }
            video.addEventListener("ended", () => load(current + 1, true));
            video.addEventListener("error", () => {
              // A file this browser cannot decode (10-bit H.264 from an HDR source, say): say so and go on.
              const now = document.getElementById("now");
              now.textContent += " — this browser cannot play this clip; skipping to the next";
              const failed = current;
              setTimeout(() => { if (current === failed) load(current + 1, true); }, 2500);
            });
            video.addEventListener("timeupdate", () => {
              const item = items[current];
              if (!item) return;
              const total = items.reduce((a, x) => a + x.duration, 0);
              document.getElementById("clock").textContent = clock(item.start + video.currentTime) + " / " + clock(total);
            });
            buttons.forEach((b) => b.addEventListener("click", () => load(Number(b.dataset.index), true)));
            // The page records how far playback got (data-item, data-played, data-errors on <body>), for checks.
            video.addEventListener("playing", () => {
              document.body.dataset.item = String(current + 1);
              const played = new Set((document.body.dataset.played || "").split(",").filter(Boolean));
              played.add(String(current + 1));
              document.body.dataset.played = Array.from(played).join(",");
            });
            video.addEventListener("error", () => {
              document.body.dataset.errors = (document.body.dataset.errors || "") + (current + 1) + ",";
            });
            // page.html#play starts playing at once (where the browser allows autoplay); #play-3 from the third clip.
            const start = location.hash.match(/^#play(?:-([0-9]+))?$/);
            load(start && start[1] ? Math.min(items.length, Math.max(1, Number(start[1]))) - 1 : 0, start !== null);
            </script>
            </body>
            </html>

            """
    }

    /// The captions of a clip within [startMs, endMs), shifted to start at 0, as WebVTT; nil when none fall inside.
    public static func captions(_ cues: [CaptionCue], startMs: Int64, endMs: Int64) -> String? {
        let source = cues.map(\.source).min()
        let inside = cues.filter { $0.source == source && $0.endMs > startMs && $0.startMs < endMs }
            .sorted { ($0.startMs, $0.position) < ($1.startMs, $1.position) }
        guard !inside.isEmpty else { return nil }
        var out = "WEBVTT\n"
        for cue in inside {
            let from = MediaTime(milliseconds: max(cue.startMs, startMs) - startMs)
            let to = MediaTime(milliseconds: min(cue.endMs, endMs) - startMs)
            out += "\n\(PlaylistTimeline.vttTime(from)) --> \(PlaylistTimeline.vttTime(to))\n"
            out += PlaylistChapterExporter.sanitize(cue.text) + "\n"
        }
        return out
    }

    /// JSON made safe inside a `<script>` element: every `<` written as `\u003c` (and `>` as `\u003e`), so no
    /// `</script`, `<!--` or `<script` in a title can end the script or put the HTML parser into its escaped states.
    static func scriptData(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
    }

    static func dataURL(_ text: String, type: String) -> String {
        "data:\(type);charset=utf-8;base64," + Data(text.utf8).base64EncodedString()
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
