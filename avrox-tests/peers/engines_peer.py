"""The data engines of avrox's interop suite: Polars and DataFusion.

    python3 engines_peer.py polars|datafusion JOB.json OUT.json

JOB.json lists container files avrox wrote ({"files": [{"id", "codec",
"path"}]}); for each, this writes the rows the engine reads (Polars'
read_avro; DataFusion's register_avro and `SELECT * FROM` it) in plain
JSON: bytes as hex, dates and timestamps in ISO 8601 (timestamps in UTC,
to the microsecond), floats as numbers. Errors are reported per file.
"""

import datetime
import decimal
import importlib.metadata
import json
import sys


def plain(v):
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return v.isoformat(timespec="microseconds")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def read(engine, path, table):
    if engine == "polars":
        import polars
        return polars.read_avro(path).to_dicts()
    import datafusion
    ctx = datafusion.SessionContext()
    ctx.register_avro(table, path)
    return ctx.sql(f'SELECT * FROM "{table}"').to_pylist()


def main():
    engine, job_path, out_path = sys.argv[1:4]
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    results = []
    for i, f in enumerate(job["files"]):
        r = {"id": f["id"], "codec": f["codec"]}
        try:
            r["ok"] = [plain(row) for row in read(engine, f["path"], f"t{i}")]
        except Exception as e:
            r["err"] = f"{type(e).__name__}: {e}"
        results.append(r)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"peer": engine, "version": importlib.metadata.version(engine), "files": results}, f)


if __name__ == "__main__":
    main()
