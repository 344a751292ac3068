// The JavaScript side of avrox's interop suite: avsc.
//
//     NODE_PATH=DIR/node_modules node avsc_peer.js JOB.json OUT.json
//
// Same job and result format as python_peer.py (see its header for the
// interop JSON). Unions are wrapped ({branchName: value}), so avsc says which
// branch it read and is told which to write. Longs are BigInts through a
// custom long type: avsc's default long is a JS number and refuses values
// beyond 2^53. avsc has no built-in logical types, so they are read and
// written as their underlying types.
'use strict';

const fs = require('fs');
const avsc = require('avsc');

const BigLong = avsc.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (n) => BigInt(n),
  toJSON: (n) => n.toString(),
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
});

function floatJson(x) {
  if (Number.isNaN(x)) return 'NaN';
  // JSON.stringify writes -0 as 0: the interop JSON takes a float's
  // decimal form as a string too.
  if (Object.is(x, -0)) return '-0.0';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return x;
}

function floatNative(j) {
  if (j === 'NaN') return NaN;
  if (j === 'Infinity') return Infinity;
  if (j === '-Infinity') return -Infinity;
  return j;
}

// The avsc type name of a type, for the kinds the mapping cares about.
function kind(t) {
  if (t.typeName.startsWith('union')) return 'union';
  if (t.typeName === 'abstract:long') return 'long';
  return t.typeName;
}

function toJson(t, v) {
  switch (kind(t)) {
    case 'union': {
      if (v === null) {
        const i = t.types.findIndex((b) => b.typeName === 'null');
        return { '@union': i, '@value': null };
      }
      const name = Object.keys(v)[0];
      const i = t.types.findIndex((b) => b.branchName === name);
      return { '@union': i, '@value': toJson(t.types[i], v[name]) };
    }
    case 'null': case 'boolean': case 'int': case 'string': case 'enum':
      return v;
    case 'long': return v.toString();
    case 'float': case 'double': return floatJson(v);
    case 'bytes': case 'fixed': return v.toString('hex');
    case 'array': return v.map((x) => toJson(t.itemsType, x));
    case 'map': {
      const o = {};
      for (const k of Object.keys(v)) o[k] = toJson(t.valuesType, v[k]);
      return o;
    }
    case 'record': case 'error': {
      const o = {};
      for (const f of t.fields) o[f.name] = toJson(f.type, v[f.name]);
      return o;
    }
    default: throw new Error(`no mapping for ${t.typeName}`);
  }
}

function toNative(t, j) {
  switch (kind(t)) {
    case 'union': {
      const b = t.types[j['@union']];
      if (b.typeName === 'null') return null;
      return { [b.branchName]: toNative(b, j['@value']) };
    }
    case 'null': case 'boolean': case 'int': case 'string': case 'enum':
      return j;
    case 'long': return BigInt(j);
    case 'float': case 'double': return floatNative(j);
    case 'bytes': case 'fixed': return Buffer.from(j, 'hex');
    case 'array': return j.map((x) => toNative(t.itemsType, x));
    case 'map': {
      const o = {};
      for (const k of Object.keys(j)) o[k] = toNative(t.valuesType, j[k]);
      return o;
    }
    case 'record': case 'error': {
      const o = {};
      for (const f of t.fields) o[f.name] = toNative(f.type, j[f.name]);
      return t.recordConstructor ? new t.recordConstructor(...t.fields.map((f) => o[f.name])) : o;
    }
    default: throw new Error(`no mapping for ${t.typeName}`);
  }
}

function error(e) {
  return `${e.name}: ${e.message}`;
}

// The suite's avsc type of a schema: wrapped unions, BigInt longs.
function makeType(schema) {
  return avsc.Type.forSchema(schema, {
    wrapUnions: true,
    registry: { long: BigLong },
    // Longs under logical types too (avsc reads those as plain longs).
    typeHook: (s) => (s && s.type === 'long' ? BigLong : undefined),
  });
}

// -- Container files: the jobs of avrox-tests/tests/interop/interop_files.rs. avsc
// has the codecs null and deflate built in; others a user brings.

// The records of a container file, read with the file's own schema.
function readFile(path) {
  return new Promise((resolve, reject) => {
    const records = [];
    let type;
    const decoder = new avsc.streams.BlockDecoder({
      parseHook: (schema) => {
        type = makeType(schema);
        return type;
      },
    });
    decoder.on('data', (record) => records.push(record));
    decoder.on('error', reject);
    decoder.on('end', () => resolve({ type, records }));
    const input = fs.createReadStream(path);
    input.on('error', reject);
    input.pipe(decoder);
  });
}

// Writes records in a container file of `codec`, in small blocks.
function writeFile(path, type, records, codec) {
  return new Promise((resolve, reject) => {
    const encoder = new avsc.streams.BlockEncoder(type, { codec, blockSize: 64 });
    const out = fs.createWriteStream(path);
    encoder.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    encoder.pipe(out);
    for (const r of records) encoder.write(r);
    encoder.end();
  });
}

async function runFiles(c) {
  const r = { id: c.id, reads: [], writes: [] };
  const type = makeType(c.schema);
  for (const f of c.files) {
    try {
      const { records } = await readFile(f.path);
      r.reads.push({ codec: f.codec, ok: records.map((v) => toJson(type, v)) });
    } catch (e) {
      r.reads.push({ codec: f.codec, err: error(e) });
    }
  }
  for (const codec of c.codecs) {
    const path = `${c.out_dir}/${c.id}.avsc.${codec}.avro`;
    try {
      await writeFile(path, type, c.values.map((v) => toNative(type, v)), codec);
      r.writes.push({ codec, path });
    } catch (e) {
      r.writes.push({ codec, err: error(e) });
    }
  }
  return r;
}

// Decodes datums of the writer's schema with the reader's, through
// avsc's resolver.
function runEvolution(c) {
  const r = { id: c.id };
  let writer;
  let reader;
  let resolver;
  try {
    writer = makeType(c.writer);
    reader = makeType(c.reader);
    resolver = reader.createResolver(writer);
  } catch (e) {
    r.schema_error = error(e);
    return r;
  }
  r.decoded = c.encodings.map((h) => {
    try {
      return { ok: toJson(reader, reader.fromBuffer(Buffer.from(h, 'hex'), resolver)) };
    } catch (e) {
      return { err: error(e) };
    }
  });
  return r;
}

function runCase(c) {
  const r = { id: c.id };
  let type;
  try {
    type = makeType(c.schema);
    r.canonical = JSON.stringify(type.getSchema());
    r.fingerprints = {
      md5: type.fingerprint('md5').toString('hex'),
      sha256: type.fingerprint('sha256').toString('hex'),
    };
  } catch (e) {
    r.schema_error = error(e);
    return r;
  }
  r.decoded = (c.encodings || []).map((h) => {
    try {
      const buf = Buffer.from(h, 'hex');
      const res = type.decode(buf, 0);
      if (res.offset !== buf.length) throw new Error(`read ${res.offset} of ${buf.length} bytes`);
      return { ok: toJson(type, res.value) };
    } catch (e) {
      return { err: error(e) };
    }
  });
  r.encoded = (c.values || []).map((v) => {
    try {
      return { ok: type.toBuffer(toNative(type, v)).toString('hex') };
    } catch (e) {
      return { err: error(e) };
    }
  });
  return r;
}

async function main() {
  const [jobPath, outPath] = process.argv.slice(2);
  const job = JSON.parse(fs.readFileSync(jobPath, 'utf8'));
  const version = require('avsc/package.json').version;
  const cases = [];
  for (const c of job.cases) {
    try {
      if (c.files) cases.push(await runFiles(c));
      else if (c.reader) cases.push(runEvolution(c));
      else cases.push(runCase(c));
    } catch (e) {
      cases.push({ id: c.id, crash: error(e) });
    }
  }
  fs.writeFileSync(outPath, JSON.stringify({ peer: 'avsc', version, logical: [], cases }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
