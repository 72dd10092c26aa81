#!/usr/bin/env python3
"""Long-line benchmark (not a test): is a minified file's single line scanned in linear time?

Writes one-line files of 2, 4, 8 and 16 MB (minified-JavaScript-like tokens, a fake key-like
assignment every ~60 bytes so the line holds tens of thousands of findings, and base64 data
URIs), then times `secretls scan --jobs 1 --format json FILE` on each, median of RUNS runs.
Prints per size the seconds, MB/s and findings, and the growth factor from one size to the
next (time at 2n / time at n, the smaller file being the reference measured in the same
run): 2.0 is linear, 4.0 quadratic. No ripgrep column: `rg -c` stops at a line's first match,
so on a one-line file it measures nothing comparable. Values are random; nothing is printed
but counts and timings.

usage: long_line_bench.py [SECRETLS_BINARY] [RUNS]
"""
import json
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SIZES_MB = [2, 4, 8, 16]


def minified_line(size, rng):
    letters = string.ascii_letters + string.digits
    pieces = []
    n = 0
    while n < size:
        k = rng.randrange(6)
        if k == 0:
            piece = 'var apiKey="%s";' % "".join(rng.choice(letters) for _ in range(24))
        elif k == 1:
            piece = "function(e,t){return e.token||t.secret}"
        elif k == 2:
            piece = 'src:"data:image/png;base64,%s",' % "".join(
                rng.choice(letters + "+/") for _ in range(120))
        elif k == 3:
            piece = "if(a&&b){c.password=d(e)}"
        elif k == 4:
            piece = '"value":"%s",' % "".join(rng.choice(letters) for _ in range(8))
        else:
            piece = "for(var i=0;i<n;i++)x[i]=y[i]|0;"
        pieces.append(piece)
        n += len(piece)
    return "".join(pieces)


def timed(cmd, runs):
    times = []
    out = b""
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build", "secretls")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rng = random.Random(1)
    folder = tempfile.mkdtemp(prefix="secretls-long-line-")
    try:
        print("size    secretls             findings   growth")
        previous = None
        for mb in SIZES_MB:
            path = os.path.join(folder, "min%d.js" % mb)
            with open(path, "w") as f:
                f.write(minified_line(mb * 1000 * 1000, rng))
            seconds, out = timed([binary, "scan", "--jobs", "1", "--format", "json", path], runs)
            findings = len(json.loads(out)["findings"])
            growth = "%.2fx" % (seconds / previous) if previous else "-"
            print("%3d MB  %6.2f s %6.1f MB/s  %8d   %s" % (mb, seconds, mb / seconds, findings,
                                                         growth))
            previous = seconds
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
