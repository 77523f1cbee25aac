#!/usr/bin/env python3
"""Read the frame-index barcode burnt into the sample clips in Media/.

Layout (see Media/README.md):
  * a strip along the top edge of every *coded* frame, S pixels tall, where
    S = 16 * ceil(codedHeight / 360)   (16 px at <=360 lines, 32 at 576, 48 at 1080);
  * the strip is split into 12 blocks of (almost) equal width spanning the
    full frame width; block k covers x in [floor(k*W/12), floor((k+1)*W/12));
  * block k (k = 0 is the LEFT-most block) is white (luma 255) when bit k of
    the frame index N is 1, black (luma 0) otherwise -> least significant bit
    on the left.  N counts decoded frames from 0 at the first frame of a clip;
  * read it by averaging the centre half (both axes) of each block in an 8-bit
    grey (luma) picture and thresholding at 128.

A picture shown in *display* orientation of a clip with a 90 degree clockwise
display rotation (portrait-phone.mp4) carries the strip down its RIGHT edge,
block 0 at the top: pass --edge right for such pictures.

Usage:
  read_barcode.py CLIP_OR_IMAGE [--frames 0,5,10 | --all] [--edge top|right]
                  [--strip N] [--autorotate]
Prints one line per frame: "<decode position> <barcode value>".
Image files (png, jpg, ...) are read as a single frame.
The functions decode_strip() and read_index() can be imported.
"""
import argparse
import math
import subprocess
import sys

BLOCKS = 12
THRESHOLD = 128


def strip_height_for(coded_height):
    """Barcode strip thickness (pixels) for a coded frame height."""
    return 16 * max(1, math.ceil(coded_height / 360))


def read_index(gray, width, height, strip=None, edge="top"):
    """Decode the barcode from one 8-bit grey picture (bytes, row-major).

    edge="top":   strip is the top `strip` rows, block 0 at the left.
    edge="right": strip is the right-most `strip` columns, block 0 at the top
                  (how a 90-degree-clockwise-rotated picture shows it).
    """
    if edge not in ("top", "right"):
        raise ValueError("edge must be top or right")
    along = width if edge == "top" else height
    if strip is None:
        # top: thickness follows the coded height; right (rotated display):
        # the displayed width is the coded height.
        strip = strip_height_for(height if edge == "top" else width)
    value = 0
    for k in range(BLOCKS):
        a0 = (k * along) // BLOCKS
        a1 = ((k + 1) * along) // BLOCKS
        q = max(1, (a1 - a0) // 4)
        s0, s1 = strip // 4, max(strip // 4 + 1, (3 * strip) // 4)
        total = count = 0
        for a in range(a0 + q, a1 - q):
            for s in range(s0, s1):
                if edge == "top":
                    x, y = a, s
                else:
                    x, y = width - 1 - s, a
                total += gray[y * width + x]
                count += 1
        if total / count >= THRESHOLD:
            value |= 1 << k
    return value


def probe_size(path, autorotate):
    """Width/height of the pictures ffmpeg will hand us for `path`."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height:stream_side_data=rotation", "-of", "default=nw=1", path],
        check=True, capture_output=True, text=True).stdout
    vals = {}
    for line in out.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            vals.setdefault(k, v)
    w, h = int(vals["width"]), int(vals["height"])
    rot = int(float(vals.get("rotation", "0") or 0))
    if autorotate and rot % 180 != 0:
        w, h = h, w
    return w, h


def decode_frames(path, frames=None, autorotate=False, edge=None, strip=None):
    """Yield (position, gray_bytes, width, height) for decoded frames.

    With `edge` set, ffmpeg crops each picture to just the barcode strip
    (much less data); read the result with read_index(..., strip=<same>, edge).
    """
    w, h = probe_size(path, autorotate)
    cmd = ["ffmpeg", "-hide_banner", "-v", "error"]
    if not autorotate:
        cmd.append("-noautorotate")
    cmd += ["-i", path, "-map", "0:v:0", "-fps_mode", "passthrough"]
    filters = []
    if frames is not None:
        filters.append("select='%s'" % "+".join("eq(n,%d)" % f for f in sorted(frames)))
    if edge is not None:
        if edge == "top":
            s = strip or strip_height_for(h)
            filters.append("crop=%d:%d:0:0" % (w, s))
            h = s
        else:
            s = strip or strip_height_for(w)
            filters.append("crop=%d:%d:%d:0" % (s, h, w - s))
            w = s
    if filters:
        cmd += ["-vf", ",".join(filters)]
    cmd += ["-f", "rawvideo", "-pix_fmt", "gray", "-"]
    data = subprocess.run(cmd, check=True, capture_output=True).stdout
    size = w * h
    n = len(data) // size
    positions = sorted(frames) if frames is not None else list(range(n))
    if len(positions) != n:
        raise RuntimeError("asked for %d frames, got %d" % (len(positions), n))
    for i, pos in enumerate(positions):
        yield pos, data[i * size:(i + 1) * size], w, h


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--frames", help="comma separated decode positions")
    g.add_argument("--all", action="store_true")
    ap.add_argument("--edge", choices=["top", "right"], default=None)
    ap.add_argument("--strip", type=int, default=None, help="strip thickness in px")
    ap.add_argument("--autorotate", action="store_true",
                    help="decode in display orientation (implies --edge right for 90/270)")
    a = ap.parse_args()
    frames = None
    if a.frames:
        frames = [int(x) for x in a.frames.split(",")]
    elif not a.all:
        frames = [0]
    edge = a.edge or ("right" if a.autorotate else "top")
    for pos, gray, w, h in decode_frames(a.path, frames, a.autorotate):
        # full pictures here, so an explicit --strip also works on scaled images
        print(pos, read_index(gray, w, h, a.strip, edge))


if __name__ == "__main__":
    sys.exit(main())
