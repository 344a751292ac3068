"""The Python side of avrox's interop suite: Python `avro` or `fastavro`.

    python3 python_peer.py avro|fastavro JOB.json OUT.json

JOB.json holds cases, each a schema with values in the suite's test mapping
("interop JSON", see avrox-tests/src/peers/interop_json.rs) and the bytes avrox
encoded them to. For each case this writes the library's Parsing Canonical
Form and fingerprints, its decoding of avrox's bytes (as interop JSON) and its
own encoding of the values (as hex). Errors are reported per item, never
raised, so one failure does not hide the rest.

The jobs of avrox-tests/tests/interop/interop_files.rs hold other kinds of case: one
with "files" lists avrox's container files of the values (one per codec),
which this reads, and "codecs" to write the values in, into "out_dir"; one
with "reader" holds datums of the "writer" schema, which this reads with
the reader's.

The interop JSON: null, boolean, int as JSON; long as a decimal string; float
and double as numbers or "NaN"/"Infinity"/"-Infinity"; bytes and fixed as
hex; enum as its symbol; arrays, maps and records as JSON arrays and objects;
a union as {"@union": branch, "@value": value} (a decoder that cannot tell
the branch writes null for it); a decimal the library interprets as a plain
decimal string with the schema's scale. Dates, times and timestamps are
numbers of their unit whatever the library makes of them: this script
converts the library's date/time objects back, so that the library's own
conversion is what is tested.
"""

import datetime
import decimal
import io
import json
import math
import sys
import traceback
import uuid

EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
EPOCH_NAIVE = datetime.datetime(1970, 1, 1)
EPOCH_DATE = datetime.date(1970, 1, 1)

# The logical types each library converts to Python objects (and expects
# on writing): read off their sources, and checked by the suite, which
# fails when a value comes back in another form.
LOGICAL = {
    "avro": {"date", "time-millis", "time-micros", "timestamp-millis", "timestamp-micros", "decimal"},
    "fastavro": {
        "date", "time-millis", "time-micros", "timestamp-millis", "timestamp-micros",
        "local-timestamp-millis", "local-timestamp-micros", "decimal", "uuid",
    },
}

UNITS = {"millis": 1000, "micros": 1, "nanos": None}


class Named:
    """Named types of one schema, for resolving references while walking."""

    def __init__(self):
        self.types = {}

    def walk_define(self, schema, namespace=""):
        if isinstance(schema, list):
            for s in schema:
                self.walk_define(s, namespace)
        elif isinstance(schema, dict):
            t = schema.get("type")
            if t in ("record", "error", "enum", "fixed"):
                name = schema["name"]
                ns = schema.get("namespace", namespace) if "." not in name else name.rsplit(".", 1)[0]
                full = name if "." in name else (f"{ns}.{name}" if ns else name)
                self.types[full] = (schema, ns)
                if t in ("record", "error"):
                    for f in schema["fields"]:
                        self.walk_define(f["type"], ns)
            elif t == "array":
                self.walk_define(schema["items"], namespace)
            elif t == "map":
                self.walk_define(schema["values"], namespace)
            elif isinstance(t, (dict, list)):
                self.walk_define(t, namespace)

    def resolve(self, schema, namespace):
        """(schema dict or primitive name, namespace) with references looked up."""
        if isinstance(schema, str):
            if schema in PRIMITIVES:
                return schema, namespace
            for full in ([f"{namespace}.{schema}"] if namespace and "." not in schema else []) + [schema]:
                if full in self.types:
                    return self.types[full]
            raise KeyError(f"unknown type {schema}")
        if isinstance(schema, dict) and isinstance(schema.get("type"), (dict, list)):
            return self.resolve(schema["type"], namespace)
        if isinstance(schema, dict) and schema.get("type") in ("record", "error", "enum", "fixed"):
            # A named type's own namespace encloses what it defines.
            name = schema["name"]
            ns = name.rsplit(".", 1)[0] if "." in name else schema.get("namespace", namespace)
            return schema, ns
        if isinstance(schema, dict) and schema.get("type") in PRIMITIVES and "logicalType" not in schema:
            return schema["type"], namespace
        if isinstance(schema, dict) and isinstance(schema.get("type"), str) and schema["type"] not in PRIMITIVES \
                and schema["type"] not in ("record", "error", "enum", "fixed", "array", "map"):
            return self.resolve(schema["type"], namespace)
        return schema, namespace


PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def type_of(s):
    if isinstance(s, str):
        return s
    if isinstance(s, list):
        return "union"
    return s["type"]


def logical_of(s):
    return s.get("logicalType") if isinstance(s, dict) else None


def float_json(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def float_native(j):
    if isinstance(j, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[j]
    return float(j)


def decimal_string(unscaled, scale):
    sign = "-" if unscaled < 0 else ""
    digits = str(abs(unscaled))
    if scale <= 0:
        return sign + digits + "0" * (-scale)
    digits = digits.rjust(scale + 1, "0")
    return f"{sign}{digits[:-scale]}.{digits[-scale:]}"


def time_unit(logical):
    return logical.rsplit("-", 1)[1]


class Converter:
    def __init__(self, lib, named):
        self.lib = lib
        self.logical = LOGICAL[lib]
        self.named = named

    # -- native (what the library returned) -> interop JSON -----------------
    def to_json(self, schema, ns, datum):
        s, ns = self.named.resolve(schema, ns)
        t = type_of(s)
        lt = logical_of(s)
        if t == "union":
            branch = self.guess_branch(s, ns, datum)
            return {"@union": None, "@value": self.to_json(s[branch], ns, datum)}
        if lt in self.logical and not isinstance(datum, (int, bytes)) or isinstance(datum, (decimal.Decimal, uuid.UUID)):
            return self.logical_to_json(s, datum)
        if t in ("null", "boolean", "int", "string", "enum"):
            return datum
        if t == "long":
            return str(datum)
        if t in ("float", "double"):
            return float_json(datum)
        if t in ("bytes", "fixed"):
            return bytes(datum).hex()
        if t == "array":
            return [self.to_json(s["items"], ns, d) for d in datum]
        if t == "map":
            return {k: self.to_json(s["values"], ns, v) for k, v in datum.items()}
        if t in ("record", "error"):
            return {f["name"]: self.to_json(f["type"], ns, datum[f["name"]]) for f in s["fields"]}
        raise TypeError(f"no mapping for {t}")

    def logical_to_json(self, s, datum):
        lt = logical_of(s)
        if isinstance(datum, decimal.Decimal):
            # Exactly, from the digits: arithmetic in the default context
            # would round to 28 digits.
            scale = s.get("scale", 0)
            sign, digits, exponent = datum.as_tuple()
            unscaled = int("".join(map(str, digits)) or "0")
            shift = exponent + scale
            if shift >= 0:
                unscaled *= 10**shift
            elif unscaled % 10**-shift == 0:
                unscaled //= 10**-shift
            else:
                raise ValueError(f"{datum} has more than {scale} digits after the point")
            return decimal_string(-unscaled if sign else unscaled, scale)
        if isinstance(datum, uuid.UUID):
            return str(datum)
        if isinstance(datum, datetime.datetime):
            epoch = EPOCH_UTC if datum.tzinfo is not None else EPOCH_NAIVE
            d = datum - epoch
            us = (d.days * 86400 + d.seconds) * 10**6 + d.microseconds
            n = us // 1000 if time_unit(lt) == "millis" else us
            return str(n)
        if isinstance(datum, datetime.date):
            return (datum - EPOCH_DATE).days
        if isinstance(datum, datetime.time):
            us = ((datum.hour * 60 + datum.minute) * 60 + datum.second) * 10**6 + datum.microsecond
            return us // 1000 if lt == "time-millis" else str(us)
        if isinstance(datum, str):
            return datum
        raise TypeError(f"no mapping for {lt} value {datum!r}")

    def guess_branch(self, union, ns, datum):
        """The first branch whose Python type fits the datum: Python values
        do not say which branch they came from."""
        for i, b in enumerate(union):
            s, _ = self.named.resolve(b, ns)
            t, lt = type_of(s), logical_of(s)
            if lt in self.logical and datum is not None and not isinstance(datum, (int, bytes, str, float, bool)):
                if (lt == "decimal") == isinstance(datum, decimal.Decimal):
                    return i
                continue
            if (t == "null" and datum is None) or (t == "boolean" and isinstance(datum, bool)) \
                    or (t in ("int", "long") and isinstance(datum, int) and not isinstance(datum, bool)) \
                    or (t in ("float", "double") and isinstance(datum, float)) \
                    or (t == "bytes" and isinstance(datum, bytes)) \
                    or (t == "fixed" and isinstance(datum, bytes) and len(datum) == s["size"]) \
                    or (t == "string" and isinstance(datum, str)) \
                    or (t == "enum" and isinstance(datum, str) and datum in s["symbols"]) \
                    or (t == "array" and isinstance(datum, list)) \
                    or (t == "map" and isinstance(datum, dict)) \
                    or (t in ("record", "error") and isinstance(datum, dict)
                        and set(datum) == {f["name"] for f in s["fields"]}):
                return i
        raise TypeError(f"no branch of {union} fits {datum!r}")

    # -- interop JSON -> native (what the library takes) --------------------
    def to_native(self, schema, ns, j):
        s, ns = self.named.resolve(schema, ns)
        t = type_of(s)
        lt = logical_of(s)
        if t == "union":
            branch, _ = self.named.resolve(s[j["@union"]], ns)
            datum = self.to_native(branch, ns, j["@value"])
            if self.lib == "fastavro" and type_of(branch) in ("record", "error", "enum", "fixed"):
                # fastavro's tuple notation names the branch of a named
                # type; Python avro has no way to choose a branch.
                return (self.fullname(branch, ns), datum)
            return datum
        if lt in self.logical and not (lt == "uuid" and t == "fixed"):
            return self.logical_native(s, t, lt, j)
        if t in ("null", "boolean", "int", "string", "enum"):
            return j
        if t == "long":
            return int(j)
        if t in ("float", "double"):
            return float_native(j)
        if t in ("bytes", "fixed"):
            return bytes.fromhex(j)
        if t == "array":
            return [self.to_native(s["items"], ns, d) for d in j]
        if t == "map":
            return {k: self.to_native(s["values"], ns, v) for k, v in j.items()}
        if t in ("record", "error"):
            return {f["name"]: self.to_native(f["type"], ns, j[f["name"]]) for f in s["fields"]}
        raise TypeError(f"no mapping for {t}")

    @staticmethod
    def fullname(s, ns):
        name = s["name"]
        if "." in name:
            return name
        ns = s.get("namespace", ns)
        return f"{ns}.{name}" if ns else name

    def logical_native(self, s, t, lt, j):
        if lt == "decimal":
            return decimal.Decimal(j)
        if lt == "uuid":
            return uuid.UUID(j) if self.lib == "fastavro" else j
        if lt == "date":
            return EPOCH_DATE + datetime.timedelta(days=j)
        if lt in ("time-millis", "time-micros"):
            us = int(j) * (1000 if lt == "time-millis" else 1)
            s_, us = divmod(us, 10**6)
            m, s_ = divmod(s_, 60)
            h, m = divmod(m, 60)
            return datetime.time(h, m, s_, us)
        if "timestamp" in lt:
            us = int(j) * UNITS[time_unit(lt)]
            epoch = EPOCH_NAIVE if lt.startswith("local-") else EPOCH_UTC
            return epoch + datetime.timedelta(microseconds=us)
        raise TypeError(f"no mapping for {lt}")


def error_text(e):
    return f"{type(e).__name__}: {e}"


def run_case(lib, case):
    out = {"id": case["id"]}
    schema_json = case["schema"]
    named = Named()
    named.walk_define(schema_json)
    conv = Converter(lib, named)
    try:
        if lib == "avro":
            import avro.io
            import avro.schema
            parsed = avro.schema.parse(json.dumps(schema_json))
            out["canonical"] = parsed.canonical_form
            out["fingerprints"] = {
                "rabin": parsed.fingerprint("CRC-64-AVRO").hex(),
                # hashlib's names: Python avro does not take the spec's
                # "MD5" and "SHA-256".
                "md5": parsed.fingerprint("md5").hex(),
                "sha256": parsed.fingerprint("sha256").hex(),
            }
        else:
            import fastavro
            from fastavro.schema import fingerprint, to_parsing_canonical_form
            parsed = fastavro.parse_schema(schema_json)
            canonical = to_parsing_canonical_form(schema_json)
            out["canonical"] = canonical
            out["fingerprints"] = {
                "rabin": fingerprint(canonical, "CRC-64-AVRO"),
                "md5": fingerprint(canonical, "MD5"),
                "sha256": fingerprint(canonical, "SHA-256"),
            }
    except Exception as e:  # a schema the library refuses: reported, not raised
        out["schema_error"] = error_text(e)
        return out

    decoded = []
    for hexed in case.get("encodings", []):
        try:
            data = bytes.fromhex(hexed)
            buf = io.BytesIO(data)
            if lib == "avro":
                datum = avro.io.DatumReader(parsed).read(avro.io.BinaryDecoder(buf))
            else:
                datum = fastavro.schemaless_reader(buf, parsed, None)
            if buf.tell() != len(data):
                raise ValueError(f"read {buf.tell()} of {len(data)} bytes")
            decoded.append({"ok": conv.to_json(schema_json, "", datum)})
        except Exception as e:
            decoded.append({"err": error_text(e)})
    out["decoded"] = decoded

    encoded = []
    for value in case.get("values", []):
        try:
            datum = conv.to_native(schema_json, "", value)
            buf = io.BytesIO()
            if lib == "avro":
                avro.io.DatumWriter(parsed).write(datum, avro.io.BinaryEncoder(buf))
            else:
                fastavro.schemaless_writer(buf, parsed, datum)
            encoded.append({"ok": buf.getvalue().hex()})
        except Exception as e:
            encoded.append({"err": error_text(e)})
    out["encoded"] = encoded
    return out


# -- Container files, evolution: the jobs of avrox-tests/tests/interop/interop_files.rs

def run_files(lib, case):
    """Reads avrox's files of the case (one per codec) and writes the
    case's values in each codec of the job (those the library has)."""
    out = {"id": case["id"]}
    schema_json = case["schema"]
    named = Named()
    named.walk_define(schema_json)
    conv = Converter(lib, named)
    if lib == "avro":
        import avro.datafile
        import avro.io
        import avro.schema
        parsed = avro.schema.parse(json.dumps(schema_json))
    else:
        import fastavro
        parsed = fastavro.parse_schema(schema_json)
    reads = []
    for f in case["files"]:
        try:
            with open(f["path"], "rb") as fh:
                if lib == "avro":
                    records = list(avro.datafile.DataFileReader(fh, avro.io.DatumReader()))
                else:
                    records = list(fastavro.reader(fh))
            reads.append({"codec": f["codec"], "ok": [conv.to_json(schema_json, "", r) for r in records]})
        except Exception as e:
            reads.append({"codec": f["codec"], "err": error_text(e)})
    out["reads"] = reads
    writes = []
    for codec in case["codecs"]:
        path = f"{case['out_dir']}/{case['id']}.{lib}.{codec}.avro"
        try:
            records = [conv.to_native(schema_json, "", v) for v in case["values"]]
            with open(path, "wb") as fh:
                if lib == "avro":
                    w = avro.datafile.DataFileWriter(fh, avro.io.DatumWriter(), parsed, codec=codec)
                    for r in records:
                        w.append(r)
                    w.flush()
                else:
                    # A small sync interval: files of several blocks.
                    fastavro.writer(fh, parsed, records, codec=codec, sync_interval=64)
            writes.append({"codec": codec, "path": path})
        except Exception as e:
            writes.append({"codec": codec, "err": error_text(e)})
    out["writes"] = writes
    return out


def run_evolution(lib, case):
    """Decodes datums of the writer's schema with the reader's."""
    out = {"id": case["id"]}
    reader_json = case["reader"]
    named = Named()
    named.walk_define(reader_json)
    conv = Converter(lib, named)
    decoded = []
    try:
        if lib == "avro":
            import avro.io
            import avro.schema
            writer = avro.schema.parse(json.dumps(case["writer"]))
            reader = avro.schema.parse(json.dumps(reader_json))
        else:
            import fastavro
            writer = fastavro.parse_schema(case["writer"])
            reader = fastavro.parse_schema(reader_json)
    except Exception as e:
        out["schema_error"] = error_text(e)
        return out
    for hexed in case["encodings"]:
        try:
            buf = io.BytesIO(bytes.fromhex(hexed))
            if lib == "avro":
                datum = avro.io.DatumReader(writer, reader).read(avro.io.BinaryDecoder(buf))
            else:
                datum = fastavro.schemaless_reader(buf, writer, reader)
            decoded.append({"ok": conv.to_json(reader_json, "", datum)})
        except Exception as e:
            decoded.append({"err": error_text(e)})
    out["decoded"] = decoded
    return out


def main():
    lib, job_path, out_path = sys.argv[1:4]
    import importlib.metadata
    version = importlib.metadata.version(lib)
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    results = []
    for case in job["cases"]:
        try:
            if "files" in case:
                results.append(run_files(lib, case))
            elif "reader" in case:
                results.append(run_evolution(lib, case))
            else:
                results.append(run_case(lib, case))
        except Exception:
            results.append({"id": case["id"], "crash": traceback.format_exc()})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"peer": lib, "version": version, "logical": sorted(LOGICAL[lib]), "cases": results}, f)


if __name__ == "__main__":
    main()
