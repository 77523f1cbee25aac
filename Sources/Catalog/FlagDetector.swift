import Foundation
import Media

/// Decides which flags a clip gets from its probe facts, its measured audio levels and its captions.
public struct FlagDetector: Sendable {
    /// Below this RMS (dBFS) on the loudest channel, audio is very quiet.
    public var quietRMS: Double = -40
    /// Below this peak (dBFS) on the loudest channel, audio is very quiet.
    public var quietPeak: Double = -20
    /// A channel this many dB (RMS) below the loudest channel of its stream counts as silent.
    public var silentChannelGap: Double = 40
    /// Clips shorter than this many milliseconds are very short.
    public var shortClipMs: Int64 = 3000
    /// Black from the first frame, or before the end, for at least this many milliseconds is flagged: half a second
    /// is visible to anyone; a frame or two is not worth a person's time (lower thirds skip it anyway).
    public var blackEdgeMs: Int64 = 500
    /// Silence from the start for at least this many milliseconds is flagged: two seconds of dead air before anyone
    /// speaks is noticeable in a playlist.
    public var silentHeadMs: Int64 = 2000
    /// Silence before the end for at least this many milliseconds is flagged. Longer than the head's: a take
    /// normally ends with a breath and a second or two of room tone before the camera stops (the sample footage ends
    /// with up to 2.7 s), which editors keep for fades.
    public var silentTailMs: Int64 = 3000

    /// Makes a value from its parts.
    public init() {}

    /// The flags and their details.
    ///
    /// `levels` nil means the audio could not be measured: no level flags are raised then. `edges` nil means black and
    /// silence were not looked for: no black or silent head or tail is flagged then. A clip that is silent throughout
    /// is already `quiet-audio` (digital silence), so it gets no silent head or tail as well.
    public func flags(info: MediaInfo, levels: [AudioStreamLevels]?, captionFiles: Int, edges: BlackAndSilence? = nil) -> [(QualityFlag, String)] {
        var out: [(QualityFlag, String)] = edges.map(edgeFlags) ?? []
        let audio = info.audioStreams
        if audio.isEmpty { out.append((.noAudio, "the file has no audio stream")) }
        if audio.count > 1 {
            let described = audio.map { a in "stream \(a.index)" + (a.language.map { " (\($0))" } ?? "") + (a.disposition.contains(.default) ? ", the default" : "") }
            out.append((.secondLanguageAudio, "\(audio.count) audio streams: " + described.joined(separator: "; ")))
        }
        if let levels {
            for stream in levels {
                let label = streamLabel(stream.streamIndex, info: info, count: levels.count)
                let loudest = stream.channels.map(\.rmsDBFS).max() ?? -.infinity
                if loudest == -.infinity {
                    out.append((.quietAudio, "\(label)all channels are digital silence"))
                    continue
                }
                if stream.channels.count > 1 {
                    for (i, ch) in stream.channels.enumerated() where ch.rmsDBFS == -.infinity || loudest - ch.rmsDBFS >= silentChannelGap {
                        let name = ch.name ?? "channel \(i + 1)"
                        let what = ch.isDigitalSilence ? "digital silence" : "\(ChannelLevel.format(ch.rmsDBFS)) RMS"
                        out.append((.silentChannel, "\(label)\(name) is \(what) while the loudest channel is \(ChannelLevel.format(loudest)) RMS"))
                    }
                }
                let peak = stream.peakDBFS
                if loudest < quietRMS || peak < quietPeak {
                    out.append((.quietAudio, "\(label)RMS \(ChannelLevel.format(loudest)), peak \(ChannelLevel.format(peak)) (limits \(Int(quietRMS)) RMS, \(Int(quietPeak)) peak)"))
                }
            }
        }
        guard let video = info.videoStream?.video else {
            out.append((.noVideo, "the file has no video stream"))
            return merge(out, info: info, captionFiles: captionFiles)
        }
        if video.variableFrameRate {
            out.append((.variableFrameRate, "frame durations vary (average \(String(format: "%.3f", video.averageFrameRate.doubleValue)) fps)"))
        }
        if video.fieldOrder.isInterlaced { out.append((.interlaced, "interlaced, \(video.fieldOrder.label)")) }
        if video.hdr { out.append((.hdr, "HDR transfer \(video.colorTransfer ?? "?"), primaries \(video.colorPrimaries ?? "?")")) }
        if video.rotation != 0 {
            out.append((.rotated, "rotated \(video.rotation)° (shown \(video.displayWidth)×\(video.displayHeight), stored \(video.width)×\(video.height))"))
        }
        return merge(out, info: info, captionFiles: captionFiles)
    }

    /// The black and silent heads and tails long enough to flag, with their lengths.
    func edgeFlags(_ e: BlackAndSilence) -> [(QualityFlag, String)] {
        var out: [(QualityFlag, String)] = []
        func seconds(_ ms: Int64) -> String { String(format: "%.1f s", Double(ms) / 1000) }
        if e.hasVideo {
            if e.allBlack {
                out.append((.blackHead, "every frame is black (\(seconds(e.blackHeadMs)))"))
            } else {
                if e.blackHeadMs >= blackEdgeMs {
                    let picture = e.firstPictureMs.map { ", the picture starts at \(MediaTime(milliseconds: $0).clockString)" } ?? ""
                    out.append((.blackHead, "black for the first \(seconds(e.blackHeadMs))\(picture)"))
                }
                if e.blackTailMs >= blackEdgeMs { out.append((.blackTail, "black for the last \(seconds(e.blackTailMs))")) }
            }
        }
        if e.hasAudio, !e.allSilent {
            if e.silentHeadMs >= silentHeadMs {
                out.append((.silentHead, "silent for the first \(seconds(e.silentHeadMs)) (below −60 dBFS), the first sound at \(MediaTime(milliseconds: e.silentHeadMs).clockString)"))
            }
            if e.silentTailMs >= silentTailMs { out.append((.silentTail, "silent for the last \(seconds(e.silentTailMs)) (below −60 dBFS)")) }
        }
        return out
    }

    private func merge(_ flags: [(QualityFlag, String)], info: MediaInfo, captionFiles: Int) -> [(QualityFlag, String)] {
        var out = flags
        if let ms = info.duration?.milliseconds, ms < shortClipMs {
            out.append((.short, "only \(MediaTime(milliseconds: ms).clockString) long"))
        }
        if captionFiles == 0, info.subtitleStreams.isEmpty {
            out.append((.missingCaptions, "no sidecar .srt/.vtt and no subtitle stream"))
        }
        // One row per flag: join the details of repeated flags.
        var merged: [(QualityFlag, String)] = []
        for (flag, detail) in out {
            if let i = merged.firstIndex(where: { $0.0 == flag }) {
                merged[i].1 += "; " + detail
            } else {
                merged.append((flag, detail))
            }
        }
        return merged.sorted { $0.0 < $1.0 }
    }

    private func streamLabel(_ index: Int, info: MediaInfo, count: Int) -> String {
        let language = info.streams.first { $0.index == index }?.language
        if count <= 1, language == nil { return "" }
        return "stream \(index)\(language.map { " (\($0))" } ?? ""): "
    }
}
