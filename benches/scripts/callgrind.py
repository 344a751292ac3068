#!/usr/bin/env python3
"""Instructions per record of the compare binary's cases, under callgrind.

    python3 benches/scripts/callgrind.py [--records N] [--times N] FILTER...

Builds nothing: run `cargo build --release -p avrox-benches --bin compare`
first. Each FILTER selects cases by id (`log/decode/`, `mesh/encode/avrox`,
`/decode/`); `--keep DIR` keeps the callgrind files for
`callgrind_annotate`. Instruction counts do not move with the load of the
machine, so these are the figures to compare from one change to the next.

The compare binary runs each case once unmeasured (to warm caches and
allocator), then `--times` times through `Case::measured`; callgrind counts
only inside that function (`--toggle-collect`) and writes one dump after
each call (`--dump-after`), which this script matches back to the cases in
the order the binary announced them on stderr.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

MEASURED = "avrox_benches::peers::Case::measured"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("filters", nargs="+")
    p.add_argument("--records", type=int, default=1000)
    p.add_argument("--times", type=int, default=2)
    p.add_argument("--keep", help="keep the callgrind files in this directory")
    p.add_argument("--binary", default=os.path.join(ROOT, "target/release/compare"))
    p.add_argument("--recorder", help="passed to compare (a build with the feature `observe`)")
    args = p.parse_args()

    out_dir = args.keep or tempfile.mkdtemp(prefix="avrox-callgrind-")
    os.makedirs(out_dir, exist_ok=True)
    for old in glob.glob(os.path.join(out_dir, "cg.out*")):
        os.remove(old)
    cmd = [
        "valgrind", "--tool=callgrind",
        # --dump-after takes a function's exact name, no wildcards.
        "--toggle-collect=" + MEASURED,
        "--dump-after=" + MEASURED,
        "--callgrind-out-file=" + os.path.join(out_dir, "cg.out"),
        args.binary, "--callgrind",
        "--records", str(args.records), "--times", str(args.times),
    ]
    for f in args.filters:
        cmd += ["--filter", f]
    if args.recorder:
        cmd += ["--recorder", args.recorder]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        sys.exit(run.returncode)
    cases = [line.split()[1:] for line in run.stderr.splitlines() if line.startswith("case ")]

    def part(path):
        m = re.search(r"\.(\d+)$", path)
        return int(m.group(1)) if m else 0

    totals = []
    for path in sorted(glob.glob(os.path.join(out_dir, "cg.out.*")), key=part):
        with open(path) as f:
            for line in f:
                if line.startswith("totals:") or line.startswith("summary:"):
                    totals.append(int(line.split()[1]))
                    break
    expected = sum(int(times) for _, times, _ in cases)
    if len(totals) < expected:
        sys.exit(f"expected {expected} dumps, found {len(totals)} in {out_dir}")
    totals = totals[:expected]
    print("| case | instructions/record |")
    print("|---|---:|")
    i = 0
    for case_id, times, records in cases:
        times, records = int(times), int(records)
        runs = totals[i:i + times]
        i += times
        # The lowest run: later runs may still fault pages in.
        print(f"| {case_id} | {min(runs) / records:,.0f} |")
    if not args.keep:
        for path in glob.glob(os.path.join(out_dir, "cg.out*")):
            os.remove(path)
        os.rmdir(out_dir)


if __name__ == "__main__":
    main()
