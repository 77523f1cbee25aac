// Wrappers for FFmpeg macros and inline helpers that Swift cannot import directly.
#ifndef REEL_CFFMPEG_SHIM_H
#define REEL_CFFMPEG_SHIM_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/mathematics.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libavutil/timecode.h>
#include <libavutil/dict.h>
#include <libavutil/audio_fifo.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>

/// AVERROR(e) for a POSIX errno value.
static inline int reel_averror(int e) { return AVERROR(e); }
/// AVERROR_EOF.
static inline int reel_averror_eof(void) { return AVERROR_EOF; }
/// AVERROR_INVALIDDATA.
static inline int reel_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
/// AVERROR_DECODER_NOT_FOUND.
static inline int reel_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
/// AVERROR_ENCODER_NOT_FOUND.
static inline int reel_averror_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }
/// AVERROR_STREAM_NOT_FOUND.
static inline int reel_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
/// AV_NOPTS_VALUE.
static inline int64_t reel_nopts_value(void) { return AV_NOPTS_VALUE; }
/// AV_TIME_BASE.
static inline int reel_time_base(void) { return AV_TIME_BASE; }
/// AV_TIME_BASE_Q.
static inline AVRational reel_time_base_q(void) { AVRational q = {1, AV_TIME_BASE}; return q; }
/// The message av_strerror gives for an error code, written into buf.
static inline void reel_strerror(int code, char *buf, size_t size) {
    if (av_strerror(code, buf, size) < 0) snprintf(buf, size, "error %d", code);
}
/// av_opt_set_int_list for pixel formats (the macro is not importable).
static inline int reel_set_pix_fmts(void *obj, const enum AVPixelFormat *fmts) {
    return av_opt_set_int_list(obj, "pix_fmts", fmts, AV_PIX_FMT_NONE, AV_OPT_SEARCH_CHILDREN);
}
/// Quiets or restores FFmpeg's own logging.
static inline void reel_set_log_level(int level) { av_log_set_level(level); }
static inline int reel_log_quiet(void) { return AV_LOG_QUIET; }
static inline int reel_log_error(void) { return AV_LOG_ERROR; }
/// AV_PKT_FLAG_KEY.
static inline int reel_pkt_flag_key(void) { return AV_PKT_FLAG_KEY; }
/// AV_PKT_FLAG_DISCARD: a packet the demuxer returns only to prime the decoder (before an edit list's start).
static inline int reel_pkt_flag_discard(void) { return AV_PKT_FLAG_DISCARD; }
/// AVINDEX_DISCARD_FRAME: an index entry outside the edit list.
static inline int reel_index_discard_frame(void) { return AVINDEX_DISCARD_FRAME; }
/// AV_FRAME_FLAG / key_frame helper.
static inline int reel_frame_is_key(const AVFrame *f) { return f->key_frame; }
static inline int reel_frame_interlaced(const AVFrame *f) { return f->interlaced_frame; }
static inline int reel_frame_top_first(const AVFrame *f) { return f->top_field_first; }
/// AVFMT_NOFILE and AVFMT_GLOBALHEADER flags.
static inline int reel_fmt_nofile(void) { return AVFMT_NOFILE; }
static inline int reel_fmt_globalheader(void) { return AVFMT_GLOBALHEADER; }
static inline int reel_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }
static inline int reel_codec_flag_interlaced_dct(void) { return AV_CODEC_FLAG_INTERLACED_DCT; }
static inline int reel_codec_flag_interlaced_me(void) { return AV_CODEC_FLAG_INTERLACED_ME; }
static inline int reel_codec_cap_variable_frame_size(void) { return AV_CODEC_CAP_VARIABLE_FRAME_SIZE; }
static inline int reel_seek_flag_backward(void) { return AVSEEK_FLAG_BACKWARD; }
static inline int reel_io_flag_write(void) { return AVIO_FLAG_WRITE; }
static inline int reel_disposition_default(void) { return AV_DISPOSITION_DEFAULT; }
static inline int reel_disposition_attached_pic(void) { return AV_DISPOSITION_ATTACHED_PIC; }
static inline int reel_disposition_forced(void) { return AV_DISPOSITION_FORCED; }
static inline int reel_disposition_hearing_impaired(void) { return AV_DISPOSITION_HEARING_IMPAIRED; }
static inline int reel_disposition_visual_impaired(void) { return AV_DISPOSITION_VISUAL_IMPAIRED; }
static inline int reel_disposition_comment(void) { return AV_DISPOSITION_COMMENT; }
static inline int reel_dict_ignore_suffix(void) { return AV_DICT_IGNORE_SUFFIX; }
static inline int reel_sws_bicubic(void) { return SWS_BICUBIC; }
static inline int reel_sws_area(void) { return SWS_AREA; }
static inline int reel_pix_fmt_flag_rgb(void) { return AV_PIX_FMT_FLAG_RGB; }
static inline int reel_pix_fmt_flag_hwaccel(void) { return AV_PIX_FMT_FLAG_HWACCEL; }
static inline int reel_buffersink_flag_none(void) { return 0; }
static inline int reel_buffersrc_flag_keep_ref(void) { return AV_BUFFERSRC_FLAG_KEEP_REF; }
static inline int reel_profile_unknown(void) { return FF_PROFILE_UNKNOWN; }

/// The display-matrix rotation of a stream in degrees (av_display_rotation_get), or NAN when none.
static inline double reel_stream_rotation(const AVStream *st) {
    size_t size = 0;
    const uint8_t *sd = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!sd || size < 9 * sizeof(int32_t)) return NAN;
    return av_display_rotation_get((const int32_t *)sd);
}

/// AVINDEX_KEYFRAME.
static inline int reel_avindex_keyframe(void) { return AVINDEX_KEYFRAME; }

// ---- whisper.cpp, loaded at run time (Sources/Media/Internals/WhisperLibrary.swift) -------------------------------
#include <malloc.h>
#include <string.h>

/// whisper.cpp's `whisper_full(ctx, struct whisper_full_params params, samples, n)` takes its parameters by value, and
/// Reel loads libwhisper with dlopen, without whisper.h. The parameters travel as an opaque block at least as large as
/// the struct (304 bytes in whisper.cpp 1.8.5): the C ABIs pass an aggregate larger than 16 bytes in memory (x86-64)
/// or by reference to a caller's copy (AArch64) whatever its fields, so the library reads its own bytes, copied from
/// the block `whisper_full_default_params_by_ref` allocated.
typedef struct { _Alignas(8) unsigned char bytes[1024]; } reel_whisper_params_block;

static inline int reel_whisper_full(void *function, void *context, const void *params, size_t size, const float *samples, int count) {
    reel_whisper_params_block block;
    memset(&block, 0, sizeof block);
    memcpy(block.bytes, params, size < sizeof block.bytes ? size : sizeof block.bytes);
    typedef int (*full_function)(void *, reel_whisper_params_block, const float *, int);
    return ((full_function)function)(context, block, samples, count);
}

/// The usable size of a heap block (`malloc_usable_size`): how many bytes of the parameters block may be read.
static inline size_t reel_heap_block_size(void *p) { return malloc_usable_size(p); }

#endif
