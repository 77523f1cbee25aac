internal import CFFmpeg
import Foundation

/// What the publishing pipeline decided to do to one source, for the report.
struct PublishDecisions {
    var videoStream: Int?
    var audioStream: Int?
    var videoFilter = "null"
    var audioFilter = "anull"
    var deinterlaced = false
    var toneMapped = false
    /// Clockwise degrees the picture was turned (0 when upright already).
    var rotationApplied = 0
    var outputWidth = 0
    var outputHeight = 0
    /// `left` or `right` when one channel was silent and the other was centred into both; nil otherwise.
    var foldedFrom: String?
    var gainDB: Double = 0
}

/// Turns a source's facts and a `Preset` into the `TranscodeRequest` that publishes it: the video filter chain
/// (deinterlace, tone-map, rotate, square, fit the box, even sizes), the audio chain (fold a silent channel,
/// gain to the loudness target, true-peak limiter) and the libx264/AAC settings.
enum PublishPlanner {
    /// The video filter chain for the main video stream of `input`, fitted to `video`'s box.
    static func videoFilter(_ st: UnsafeMutablePointer<AVStream>, video: Preset.Video, into d: inout PublishDecisions) -> String {
        let par = st.pointee.codecpar.pointee
        var parts: [String] = []
        if [AV_FIELD_TT, AV_FIELD_BB, AV_FIELD_TB, AV_FIELD_BT].contains(par.field_order) {
            parts.append("bwdif=mode=send_frame:parity=auto:deint=all")
            d.deinterlaced = true
        }
        if par.color_trc == AVCOL_TRC_SMPTE2084 || par.color_trc == AVCOL_TRC_ARIB_STD_B67 {
            let tin = par.color_trc == AVCOL_TRC_SMPTE2084 ? "smpte2084" : "arib-std-b67"
            let pin = par.color_primaries == AVCOL_PRI_BT709 ? "bt709" : "bt2020"
            let min = par.color_space == AVCOL_SPC_BT709 ? "bt709" : "bt2020nc"
            let rin = par.color_range == AVCOL_RANGE_JPEG ? "pc" : "tv"
            parts.append(
                "zscale=tin=\(tin):pin=\(pin):min=\(min):rin=\(rin):t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,"
                    + "tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p")
            d.toneMapped = true
        }
        // Rotation: av_display_rotation_get is counter-clockwise; players turn the picture by its negation.
        let ccw = reel_stream_rotation(st)
        var clockwise = 0
        if ccw.isFinite { clockwise = ((-Int(ccw.rounded()) % 360) + 360) % 360 }
        switch clockwise {
        case 90: parts.append("transpose=clock")
        case 180: parts.append("hflip,vflip")
        case 270: parts.append("transpose=cclock")
        default: clockwise = 0
        }
        d.rotationApplied = clockwise
        // Display size with square pixels, after the turn.
        var sar = par.sample_aspect_ratio
        if sar.num <= 0 || sar.den <= 0 { sar = st.pointee.sample_aspect_ratio }
        let sarValue = sar.num > 0 && sar.den > 0 ? Double(sar.num) / Double(sar.den) : 1
        var w = Double(par.width) * sarValue
        var h = Double(par.height)
        if clockwise == 90 || clockwise == 270 { swap(&w, &h) }
        var factor = 1.0
        if let bw = video.maxWidth, let bh = video.maxHeight, bw > 0, bh > 0 {
            let boxLong = Double(max(bw, bh))
            let boxShort = Double(min(bw, bh))
            factor = min(1, boxLong / max(w, h), boxShort / min(w, h))
        }
        let tw = max(2, Int((w * factor).rounded()) / 2 * 2)
        let th = max(2, Int((h * factor).rounded()) / 2 * 2)
        let codedW = clockwise == 90 || clockwise == 270 ? Int(par.height) : Int(par.width)
        let codedH = clockwise == 90 || clockwise == 270 ? Int(par.width) : Int(par.height)
        if tw != codedW || th != codedH || sarValue != 1 {
            parts.append("scale=\(tw):\(th):flags=bicubic")
        }
        parts.append("setsar=1")
        d.outputWidth = tw
        d.outputHeight = th
        return parts.joined(separator: ",")
    }

    /// `pan` that centres the live channel of a two-channel recording whose other channel is silent, or that
    /// puts mono in both channels at full level; nil when the audio needs no fold.
    static func foldFilter(channels: Int, levels: AudioStreamLevels?, into d: inout PublishDecisions) -> String? {
        if channels == 1 { return "pan=stereo|c0=c0|c1=c0" }
        guard channels == 2, let levels, levels.channels.count == 2 else { return nil }
        let silence = -60.0
        let left = levels.channels[0].peakDBFS
        let right = levels.channels[1].peakDBFS
        if right < silence && left >= silence {
            d.foldedFrom = "left"
            return "pan=stereo|c0=c0|c1=c0"
        }
        if left < silence && right >= silence {
            d.foldedFrom = "right"
            return "pan=stereo|c0=c1|c1=c1"
        }
        return nil
    }

    /// Gain to reach the target and a limiter at the true-peak ceiling (`volume`, `alimiter` without auto-level,
    /// with its look-ahead delay compensated).
    static func loudnessFilter(measured: LoudnessMeasurement, target: Preset.Loudness, into d: inout PublishDecisions) -> String {
        let ceiling = max(0.0625, min(1, pow(10, target.truePeakDBTP / 20)))
        guard let integrated = measured.integratedLUFS else {
            return String(format: "alimiter=limit=%.4f:level=0:latency=1", ceiling)
        }
        let gain = max(-30, min(30, target.integratedLUFS - integrated))
        d.gainDB = gain
        return String(format: "volume=%.2fdB,alimiter=limit=%.4f:level=0:latency=1:attack=5:release=50", gain, ceiling)
    }

    /// libx264 settings for `video`, with `threads` encoder threads (0: libx264 decides).
    static func h264(_ video: Preset.Video, filter: String, frameRate: Double, threads: Int, bt709: Bool) -> EncoderSettings {
        var options = ["crf": "\(video.crf)", "preset": video.speed, "profile": video.profile]
        if let maxRate = video.maxRateKbps {
            options["maxrate"] = "\(maxRate)k"
            options["bufsize"] = "\(video.bufferKbits ?? maxRate * 2)k"
        }
        let rate = frameRate > 0 && frameRate.isFinite ? frameRate : 25
        options["g"] = "\(max(1, Int((rate * video.gopSeconds).rounded())))"
        if threads > 0 { options["threads"] = "\(threads)" }
        var s = EncoderSettings(codecName: "libx264", options: options, filter: filter, pixelFormat: "yuv420p")
        s.keepsPictureSideData = false
        s.tagsBT709 = bt709
        return s
    }

    /// AAC-LC settings for `audio` after `filter`.
    static func aac(_ audio: Preset.Audio, filter: String) -> EncoderSettings {
        var s = EncoderSettings.aac(bitRate: Int64(audio.bitRateKbps) * 1000, filter: filter)
        s.sampleRate = Int32(audio.sampleRate)
        s.channelLayout = audio.channels == 1 ? "mono" : "stereo"
        return s
    }

    /// The frame rate to size the GOP with: the stream's average rate, else its base rate.
    static func frameRate(_ st: UnsafeMutablePointer<AVStream>) -> Double {
        let avg = st.pointee.avg_frame_rate
        if avg.num > 0 && avg.den > 0 { return av_q2d(avg) }
        let r = st.pointee.r_frame_rate
        return r.num > 0 && r.den > 0 ? av_q2d(r) : 25
    }
}
