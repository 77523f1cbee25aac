import Foundation

/// The presets Reel ships with: web-1080p, web-720p, hls, archive and audio.
///
/// The same text as the `Catalog/presets.yaml` in Reel's repository (a test keeps the two equal).
extension PresetLibrary {
    /// The YAML text of the standard presets.
    public static let standardYAML: String = #"""
# Publishing presets for `reel publish --preset NAME` and `reel playlist render --preset NAME`.
#
# Edit freely; `reel publish --list-presets` checks the file and reports mistakes as presets.yaml:LINE.
# Sizes are a landscape box WIDTHxHEIGHT (a portrait clip fits the same box on its side; never scaled up),
# or `source` to keep the clip's size. Rates: maxrate/bitrate in kbit/s, bufsize in kbit, gop in seconds.
# Loudness: integrated in LUFS, true-peak in dBTP (the web and podcasts: -16/-1; EBU R128 broadcast: -23/-1).
# Chapters: `chapters: keep` copies the source's chapters (an MP4 holds them as a QuickTime text track, a data
# stream web players do not use); every other preset drops them.

web-1080p:
  summary: Intranet MP4, up to 1920x1080, H.264 High + AAC stereo, index at the front
  kind: mp4
  video: { box: 1920x1080, crf: 21, maxrate: 6000, bufsize: 12000, gop: 2, profile: high, speed: veryfast }
  audio: { bitrate: 160, rate: 48000, channels: 2 }
  loudness: { integrated: -16, true-peak: -1 }

web-720p:
  summary: Intranet MP4, up to 1280x720, H.264 High + AAC stereo, index at the front
  kind: mp4
  video: { box: 1280x720, crf: 22, maxrate: 3500, bufsize: 7000, gop: 2, profile: high, speed: veryfast }
  audio: { bitrate: 128, rate: 48000, channels: 2 }
  loudness: { integrated: -16, true-peak: -1 }

hls:
  summary: Adaptive streaming ladder 1080/720/480 with a master playlist and 6-second segments
  kind: hls
  segment: 6
  ladder:
    - { name: 1080p, box: 1920x1080, crf: 21, maxrate: 6000, bufsize: 12000, audio-bitrate: 160 }
    - { name: 720p, box: 1280x720, crf: 22, maxrate: 3500, bufsize: 7000, audio-bitrate: 128 }
    - { name: 480p, box: 854x480, crf: 23, maxrate: 1500, bufsize: 3000, audio-bitrate: 96 }
  video: { box: 1920x1080, crf: 21, gop: 2, profile: high, speed: veryfast }
  audio: { bitrate: 160, rate: 48000, channels: 2 }
  loudness: { integrated: -16, true-peak: -1 }

archive:
  summary: Keeps the source size at high quality, loudness to EBU R128 (-23 LUFS)
  kind: mp4
  video: { box: source, crf: 16, gop: 2, profile: high, speed: medium }
  audio: { bitrate: 256, rate: 48000, channels: 2 }
  loudness: { integrated: -23, true-peak: -1 }
  chapters: keep

audio:
  summary: Podcast M4A (AAC stereo), loudness -16 LUFS
  kind: audio
  audio: { bitrate: 96, rate: 48000, channels: 2 }
  loudness: { integrated: -16, true-peak: -1 }
"""#

    /// The standard presets, used when no presets file is found.
    public static let standard: PresetLibrary = {
        do {
            return try PresetLibrary(yaml: standardYAML, path: "built-in presets")
        } catch {
            fatalError("the built-in presets are invalid: \(error)")
        }
    }()

    /// The presets in force: those of `file` (found with `TeamFile.presets.path(explicit:catalogPath:)`), or the
    /// built-in ones when `file` is nil.
    ///
    /// Throws `LoadError`; a missing file's message says how to name another (`--presets`) or fall back.
    public static func inForce(file: String?) throws(LoadError) -> PresetLibrary {
        guard let file else { return .standard }
        do {
            return try PresetLibrary(contentsOf: file)
        } catch {
            var error = error
            error.issues = error.issues.map { issue in
                guard issue.line == nil, issue.message == "no such file" else { return issue }
                return .init(line: nil, message: "no such file: name the presets file with --presets PATH (or $REEL_PRESETS), or leave both out to use presets.yaml beside the catalogue, else the built-in presets")
            }
            throw error
        }
    }
}
