#!/usr/bin/env python3
"""avrox against Python's fastavro and avro: the same events, the same files.

    cargo build --release -p avrox-benches --bin compare
    pip install avro fastavro
    python3 benches/scripts/cross_language.py [--records 1000000] [--dir DIR]

The compare binary writes N `events` records (the benches crate's dataset,
seeded) as container files with the null and deflate codecs, timing the
best of three writes and reads. This script then, for each codec:

- reads avrox's file with fastavro and with avro, and checks both see the
  same records;
- writes those records with fastavro and with avro (deflate at zlib's
  default level 6 in all three), times the write and a full read of each
  library's own file, and has avrox check that each file holds exactly its
  records (`compare --check-events`);
- prints each time and avrox's speed-up over it.

Python times are one run each (avro's pure-Python codec takes tens of
seconds per million records); everything is read from and written to
memory, not disk.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def fastavro_write(schema, records, codec):
    import fastavro

    buf = io.BytesIO()
    fastavro.writer(buf, schema, records, codec=codec)
    return buf.getvalue()


def fastavro_read(data):
    import fastavro

    return list(fastavro.reader(io.BytesIO(data)))


def avro_write(schema, records, codec):
    import avro.datafile
    import avro.io

    buf = io.BytesIO()
    writer = avro.datafile.DataFileWriter(buf, avro.io.DatumWriter(), schema, codec=codec)
    for r in records:
        writer.append(r)
    writer.flush()
    data = buf.getvalue()
    writer.close()
    return data


def avro_read(data):
    import avro.datafile
    import avro.io

    reader = avro.datafile.DataFileReader(io.BytesIO(data), avro.io.DatumReader())
    records = list(reader)
    reader.close()
    return records


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--dir", help="where the files go (a temporary directory if not given)")
    p.add_argument("--binary", default=os.path.join(ROOT, "target/release/compare"))
    p.add_argument("--skip-avro", action="store_true", help="leave out the slow pure-Python avro")
    args = p.parse_args()

    import avro
    import avro.schema
    import fastavro

    out_dir = args.dir or tempfile.mkdtemp(prefix="avrox-cross-")
    os.makedirs(out_dir, exist_ok=True)
    n = args.records
    run = subprocess.run(
        [args.binary, "--events-ocf", out_dir, "--records", str(n)],
        capture_output=True, text=True, check=True,
    )
    avrox_times = {}
    avrox_sizes = {}
    for line in run.stdout.splitlines():
        m = json.loads(line)
        avrox_times[(m["codec"], m["op"])] = m["seconds"]
        avrox_sizes[m["codec"]] = m["bytes"]

    def check_with_avrox(path):
        subprocess.run([args.binary, "--check-events", path, "--records", str(n)],
                       check=True, capture_output=True, text=True)

    rows = []
    for codec in ["null", "deflate"]:
        with open(os.path.join(out_dir, f"avrox-{codec}.avro"), "rb") as f:
            avrox_file = f.read()
        # What avrox wrote, as fastavro sees it: the reference records.
        reference = fastavro_read(avrox_file)
        assert len(reference) == n, f"fastavro reads {len(reference)} records from avrox's file"
        schema_json = fastavro.reader(io.BytesIO(avrox_file)).writer_schema
        fast_schema = fastavro.parse_schema(schema_json)
        rows.append(("avrox", codec, avrox_times[(codec, "write")],
                     avrox_times[(codec, "read")], avrox_sizes[codec]))

        t_write, data = timed(lambda: fastavro_write(fast_schema, reference, codec))
        t_read, back = timed(lambda: fastavro_read(data))
        assert back == reference, "fastavro reads back other records"
        del back
        path = os.path.join(out_dir, f"fastavro-{codec}.avro")
        with open(path, "wb") as f:
            f.write(data)
        check_with_avrox(path)
        rows.append(("fastavro", codec, t_write, t_read, len(data)))

        if not args.skip_avro:
            assert avro_read(avrox_file) == reference, "avro reads other records from avrox's file"
            schema = avro.schema.parse(json.dumps(schema_json))
            t_write, data = timed(lambda: avro_write(schema, reference, codec))
            t_read, back = timed(lambda: avro_read(data))
            assert back == reference, "avro reads back other records"
            del back
            path = os.path.join(out_dir, f"avro-{codec}.avro")
            with open(path, "wb") as f:
                f.write(data)
            check_with_avrox(path)
            rows.append(("avro", codec, t_write, t_read, len(data)))
        del reference

    print(f"{n:,} events; fastavro {fastavro.__version__}, avro {avro.__version__}, "
          f"Python {sys.version.split()[0]}. Every file holds the same records.\n")
    print("| crate | codec | write (s) | read (s) | file bytes | avrox write speed-up | avrox read speed-up |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for crate, codec, w, r, size in rows:
        aw, ar = avrox_times[(codec, "write")], avrox_times[(codec, "read")]
        print(f"| {crate} | {codec} | {w:.3f} | {r:.3f} | {size:,} | {w / aw:.1f}x | {r / ar:.1f}x |")


if __name__ == "__main__":
    main()
