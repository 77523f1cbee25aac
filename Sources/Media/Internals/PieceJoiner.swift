internal import CFFmpeg
import Foundation

/// Joins the filtered frames of successive render pieces into one video and one audio `StreamEncoder`.
///
/// Each piece lasts exactly `frames` output frames and `frames × sampleRate / frameRate` samples: video frames are
/// renumbered onto the output clock after the earlier pieces (a missing frame repeats the one before, a frame past
/// the end is dropped); audio is cut or padded with silence to the same length, so sound stays in sync across joins.
/// Audio goes through a last `anull` graph that cuts it into the encoder's frame size (`av_buffersink_set_frame_size`).
final class PieceJoiner {
    let video: StreamEncoder
    let audio: StreamEncoder
    let frameRate: Int32
    let sampleRate: Int32
    private let framer: FilterGraph
    private let framed = Frame()

    private var videoOffset: Int64 = 0
    private var audioOffset: Int64 = 0
    private var pieceFrames: Int64 = 0
    private var pieceSamples: Int64 = 0
    private var nextFrame: Int64 = 0
    private var nextSample: Int64 = 0
    private var lastFrame: Frame?
    /// The time base of the piece's video and audio graphs' output.
    var videoTimeBase = Rational(1, 25)
    var audioTimeBase = Rational(1, 48_000)

    init(video: StreamEncoder, audio: StreamEncoder, frameRate: Int32) throws(MediaError) {
        self.video = video
        self.audio = audio
        self.frameRate = frameRate
        let c = audio.encoder.context.pointer.pointee
        sampleRate = c.sample_rate
        let layout = FilterGraph.layoutName(c.ch_layout)
        do {
            framer = try FilterGraph(
                audio: FilterGraph.AudioInput(sampleRate: c.sample_rate, sampleFormat: c.sample_fmt, layout: layout), filter: "anull",
                sampleFormat: c.sample_fmt, sampleRate: c.sample_rate, layout: layout, frameSize: audio.encoder.requiredFrameSize)
        } catch {
            throw audio.encodeError(error)
        }
    }

    /// Output frames for a piece of `duration` (rounded to whole frames, at least one).
    func frames(for duration: MediaTime) -> Int64 {
        max(1, Int64((duration.seconds * Double(frameRate)).rounded()))
    }

    /// Starts a piece `frames` output frames long.
    func beginPiece(frames: Int64) {
        pieceFrames = frames
        pieceSamples = frames * Int64(sampleRate) / Int64(frameRate)
        nextFrame = 0
        nextSample = 0
        lastFrame = nil
    }

    /// Takes one filtered picture of the current piece (pts from 0 at the piece's start, in `videoTimeBase`).
    func takeVideo(_ frame: Frame) throws(MediaError) {
        let pts = frame.pointer.pointee.pts
        let k = pts == reel_nopts_value() ? nextFrame
            : ((try? MediaTime(value: pts, timeBase: videoTimeBase))?.rescaled(to: Rational(1, frameRate)).value ?? nextFrame)
        guard k >= nextFrame, nextFrame < pieceFrames else { return }
        let held: Frame
        do { held = try frame.reference() } catch { throw video.encodeError(error) }
        while nextFrame < min(k, pieceFrames) { try emitVideo(lastFrame ?? held) }
        if nextFrame < pieceFrames { try emitVideo(held) }
        lastFrame = held
    }

    private func emitVideo(_ frame: Frame) throws(MediaError) {
        frame.pointer.pointee.pts = videoOffset + nextFrame
        // A keyframe at every chapter start, so players jump straight to it.
        frame.pointer.pointee.pict_type = nextFrame == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        nextFrame += 1
        try video.encode(frame)
    }

    /// Takes one filtered block of sound of the current piece (pts from 0 at the piece's start, in `audioTimeBase`).
    func takeAudio(_ frame: Frame) throws(MediaError) {
        let f = frame.pointer.pointee
        var at = nextSample
        if f.pts != reel_nopts_value() {
            at = (try? MediaTime(value: f.pts, timeBase: audioTimeBase))?.rescaled(to: Rational(1, sampleRate)).value ?? nextSample
        }
        // A gap longer than 10 ms is filled with silence; smaller jitter is taken as continuous.
        if at - nextSample > Int64(sampleRate) / 100 { try pushSilence(min(at, pieceSamples) - nextSample) }
        let room = pieceSamples - nextSample
        guard room > 0 else { return }
        let count = min(Int64(f.nb_samples), room)
        if count == Int64(f.nb_samples) {
            frame.pointer.pointee.pts = audioOffset + nextSample
            do { try framer.push(frame) } catch { throw audio.encodeError(error) }
        } else {
            try pushSlice(of: frame, count: count)
        }
        nextSample += count
        try drainAudio()
    }

    /// Ends the current piece: repeats its last picture and pads its sound with silence up to its length.
    func endPiece() throws(MediaError) {
        if let lastFrame { while nextFrame < pieceFrames { try emitVideo(lastFrame) } }
        if nextSample < pieceSamples { try pushSilence(pieceSamples - nextSample) }
        try drainAudio()
        videoOffset += pieceFrames
        audioOffset += pieceSamples
        lastFrame = nil
    }

    /// Whether the current piece has given any picture.
    var pieceHasVideo: Bool { lastFrame != nil }

    /// Flushes the audio framer and both encoders.
    func finish() throws(MediaError) {
        do { try framer.push(nil) } catch { throw audio.encodeError(error) }
        try drainAudio()
        try video.encode(nil)
        try audio.encode(nil)
    }

    private func pushSilence(_ count: Int64) throws(MediaError) {
        guard count > 0 else { return }
        let c = audio.encoder.context.pointer
        let silence = Frame()
        do {
            let s = silence.pointer
            s.pointee.format = c.pointee.sample_fmt.rawValue
            s.pointee.sample_rate = sampleRate
            s.pointee.nb_samples = Int32(count)
            try check(av_channel_layout_copy(&s.pointee.ch_layout, &c.pointee.ch_layout))
            try check(av_frame_get_buffer(s, 0))
            try check(av_samples_set_silence(s.pointee.extended_data, 0, Int32(count), s.pointee.ch_layout.nb_channels, c.pointee.sample_fmt))
            s.pointee.pts = audioOffset + nextSample
            try framer.push(silence)
        } catch {
            throw audio.encodeError(error)
        }
        nextSample += count
    }

    private func pushSlice(of frame: Frame, count: Int64) throws(MediaError) {
        let f = frame.pointer.pointee
        let slice = Frame()
        do {
            let s = slice.pointer
            s.pointee.format = f.format
            s.pointee.sample_rate = f.sample_rate
            s.pointee.nb_samples = Int32(count)
            try check(av_channel_layout_copy(&s.pointee.ch_layout, &frame.pointer.pointee.ch_layout))
            try check(av_frame_get_buffer(s, 0))
            try check(av_samples_copy(
                s.pointee.extended_data, frame.pointer.pointee.extended_data, 0, 0, Int32(count), f.ch_layout.nb_channels,
                AVSampleFormat(rawValue: f.format)))
            s.pointee.pts = audioOffset + nextSample
            try framer.push(slice)
        } catch {
            throw audio.encodeError(error)
        }
    }

    private func drainAudio() throws(MediaError) {
        while true {
            let result: ReceiveResult
            do { result = try framer.pull(into: framed) } catch { throw audio.encodeError(error) }
            guard result == .frame else { return }
            try audio.encode(framed)
            framed.unref()
        }
    }
}
