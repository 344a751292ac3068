// The Java side of avrox's interop suite: Apache Avro for Java (Debian's
// libavro-java), driven through its generic API.
//
//     javac -cp CLASSPATH -d OUT JavaPeer.java && java -cp OUT:CLASSPATH JavaPeer JOB.json OUT.json
//
// Same job and result format as python_peer.py (see its header for the
// interop JSON). Java knows which union branch a decoded value came from
// (GenericData.resolveUnion on typed objects), so it reports it. Decimals
// go through Avro's own DecimalConversion, uuids through UUIDConversion.

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.Conversions;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.codehaus.jackson.JsonNode;
import org.codehaus.jackson.map.ObjectMapper;
import org.codehaus.jackson.node.ArrayNode;
import org.codehaus.jackson.node.JsonNodeFactory;
import org.codehaus.jackson.node.ObjectNode;

public class JavaPeer {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final GenericData DATA = new GenericData();

    static {
        DATA.addLogicalTypeConversion(new Conversions.DecimalConversion());
        DATA.addLogicalTypeConversion(new Conversions.UUIDConversion());
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode job = mapper.readTree(new File(args[0]));
        ObjectNode out = NODES.objectNode();
        out.put("peer", "java");
        out.put("version", Schema.class.getPackage().getImplementationVersion());
        ArrayNode logical = out.putArray("logical");
        logical.add("decimal");
        logical.add("uuid");
        ArrayNode cases = out.putArray("cases");
        for (JsonNode c : job.get("cases")) {
            try {
                if (c.has("files")) cases.add(runFiles(c));
                else if (c.has("reader")) cases.add(runEvolution(c));
                else if (c.has("single_objects")) cases.add(runSingleObject(c));
                else cases.add(runCase(c));
            } catch (Throwable t) {
                ObjectNode r = cases.addObject();
                r.put("id", c.get("id").getTextValue());
                r.put("crash", t.toString());
            }
        }
        mapper.writeValue(new File(args[1]), out);
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02x", x & 0xff));
        return s.toString();
    }

    static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    static String error(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    // -- Container files, evolution, single-object messages: the jobs of
    // avrox-tests/tests/interop/interop_files.rs.

    /// Reads avrox's files of the case and writes its values in each codec
    /// of the job.
    static ObjectNode runFiles(JsonNode c) throws Exception {
        ObjectNode r = NODES.objectNode();
        r.put("id", c.get("id").getTextValue());
        Schema schema = new Schema.Parser().parse(c.get("schema").toString());
        ArrayNode reads = r.putArray("reads");
        for (JsonNode f : c.get("files")) {
            ObjectNode d = reads.addObject();
            d.put("codec", f.get("codec").getTextValue());
            try {
                DataFileReader<Object> in = new DataFileReader<Object>(
                        new File(f.get("path").getTextValue()),
                        new GenericDatumReader<Object>(null, schema, DATA));
                ArrayNode ok = NODES.arrayNode();
                for (Object datum : in) ok.add(toJson(schema, datum));
                in.close();
                d.put("ok", ok);
            } catch (Throwable t) {
                d.put("err", error(t));
            }
        }
        ArrayNode writes = r.putArray("writes");
        for (JsonNode codecName : c.get("codecs")) {
            String codec = codecName.getTextValue();
            ObjectNode w = writes.addObject();
            w.put("codec", codec);
            String path = c.get("out_dir").getTextValue() + "/" + c.get("id").getTextValue()
                    + ".java." + codec + ".avro";
            try {
                DataFileWriter<Object> out = new DataFileWriter<Object>(
                        new GenericDatumWriter<Object>(schema, DATA));
                out.setCodec(CodecFactory.fromString(codec));
                // A small sync interval: files of several blocks.
                out.setSyncInterval(64);
                out.create(schema, new File(path));
                for (JsonNode v : c.get("values")) out.append(toNative(schema, v));
                out.close();
                w.put("path", path);
            } catch (Throwable t) {
                w.put("err", error(t));
            }
        }
        return r;
    }

    /// Decodes datums of the writer's schema with the reader's.
    static ObjectNode runEvolution(JsonNode c) throws Exception {
        ObjectNode r = NODES.objectNode();
        r.put("id", c.get("id").getTextValue());
        Schema writer, reader;
        try {
            writer = new Schema.Parser().parse(c.get("writer").toString());
            reader = new Schema.Parser().parse(c.get("reader").toString());
        } catch (Exception e) {
            r.put("schema_error", error(e));
            return r;
        }
        ArrayNode decoded = r.putArray("decoded");
        for (JsonNode h : c.get("encodings")) {
            ObjectNode d = decoded.addObject();
            try {
                BinaryDecoder dec = DecoderFactory.get().binaryDecoder(unhex(h.getTextValue()), null);
                Object datum = new GenericDatumReader<Object>(writer, reader, DATA).read(null, dec);
                if (!dec.isEnd()) throw new IllegalStateException("bytes left after the datum");
                d.put("ok", toJson(reader, datum));
            } catch (Throwable t) {
                d.put("err", error(t));
            }
        }
        return r;
    }

    /// Decodes avrox's single-object messages, and encodes the values as
    /// single-object messages, with BinaryMessageDecoder/Encoder.
    static ObjectNode runSingleObject(JsonNode c) throws Exception {
        ObjectNode r = NODES.objectNode();
        r.put("id", c.get("id").getTextValue());
        Schema schema = new Schema.Parser().parse(c.get("schema").toString());
        BinaryMessageDecoder<Object> decoder = new BinaryMessageDecoder<Object>(DATA, schema);
        BinaryMessageEncoder<Object> encoder = new BinaryMessageEncoder<Object>(DATA, schema);
        ArrayNode decoded = r.putArray("decoded");
        for (JsonNode h : c.get("single_objects")) {
            ObjectNode d = decoded.addObject();
            try {
                d.put("ok", toJson(schema, decoder.decode(unhex(h.getTextValue()))));
            } catch (Throwable t) {
                d.put("err", error(t));
            }
        }
        ArrayNode encoded = r.putArray("encoded");
        for (JsonNode v : c.get("values")) {
            ObjectNode e = encoded.addObject();
            try {
                ByteBuffer b = encoder.encode(toNative(schema, v));
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                e.put("ok", hex(bytes));
            } catch (Throwable t) {
                e.put("err", error(t));
            }
        }
        return r;
    }

    static ObjectNode runCase(JsonNode c) throws Exception {
        ObjectNode r = NODES.objectNode();
        r.put("id", c.get("id").getTextValue());
        Schema schema;
        try {
            schema = new Schema.Parser().parse(c.get("schema").toString());
            r.put("canonical", SchemaNormalization.toParsingForm(schema));
            ObjectNode fp = r.putObject("fingerprints");
            fp.put("rabin", hex(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema)));
            fp.put("md5", hex(SchemaNormalization.parsingFingerprint("MD5", schema)));
            fp.put("sha256", hex(SchemaNormalization.parsingFingerprint("SHA-256", schema)));
        } catch (Exception e) {
            r.put("schema_error", error(e));
            return r;
        }
        ArrayNode decoded = r.putArray("decoded");
        if (c.has("encodings")) {
            for (JsonNode h : c.get("encodings")) {
                ObjectNode d = decoded.addObject();
                try {
                    byte[] bytes = unhex(h.getTextValue());
                    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
                    Object datum = new GenericDatumReader<Object>(schema, schema, DATA).read(null, dec);
                    if (!dec.isEnd()) throw new IllegalStateException("bytes left after the datum");
                    d.put("ok", toJson(schema, datum));
                } catch (Throwable e) {
                    d.put("err", error(e));
                }
            }
        }
        ArrayNode encoded = r.putArray("encoded");
        // The same values through Java's blocking encoder, which writes
        // arrays and maps in blocks with negative counts and byte sizes
        // (the form readers use to skip); small blocks, so long collections
        // take several.
        ArrayNode blocked = r.putArray("encoded_blocked");
        EncoderFactory blocking = new EncoderFactory().configureBlockSize(64);
        if (c.has("values")) {
            for (JsonNode v : c.get("values")) {
                ObjectNode e = encoded.addObject();
                ObjectNode b = blocked.addObject();
                try {
                    Object datum = toNative(schema, v);
                    ByteArrayOutputStream bos = new ByteArrayOutputStream();
                    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bos, null);
                    new GenericDatumWriter<Object>(schema, DATA).write(datum, enc);
                    enc.flush();
                    e.put("ok", hex(bos.toByteArray()));
                    bos = new ByteArrayOutputStream();
                    enc = blocking.blockingBinaryEncoder(bos, null);
                    new GenericDatumWriter<Object>(schema, DATA).write(datum, enc);
                    enc.flush();
                    b.put("ok", hex(bos.toByteArray()));
                } catch (Throwable t) {
                    e.put("err", error(t));
                    b.put("err", error(t));
                }
            }
        }
        return r;
    }

    static String logical(Schema s) {
        LogicalType lt = s.getLogicalType();
        return lt == null ? null : lt.getName();
    }

    static JsonNode floatJson(double d) {
        if (Double.isNaN(d)) return NODES.textNode("NaN");
        if (Double.isInfinite(d)) return NODES.textNode(d > 0 ? "Infinity" : "-Infinity");
        return NODES.numberNode(d);
    }

    static double floatNative(JsonNode j) {
        if (j.isTextual()) {
            switch (j.getTextValue()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                default: return Double.NEGATIVE_INFINITY;
            }
        }
        return j.getDoubleValue();
    }

    static JsonNode toJson(Schema s, Object datum) {
        if ("decimal".equals(logical(s)) && datum instanceof BigDecimal) {
            return NODES.textNode(((BigDecimal) datum).toPlainString());
        }
        if (datum instanceof UUID) return NODES.textNode(datum.toString());
        switch (s.getType()) {
            case UNION: {
                int i = DATA.resolveUnion(s, datum);
                ObjectNode u = NODES.objectNode();
                u.put("@union", i);
                u.put("@value", toJson(s.getTypes().get(i), datum));
                return u;
            }
            case NULL: return NODES.nullNode();
            case BOOLEAN: return NODES.booleanNode((Boolean) datum);
            case INT: return NODES.numberNode((Integer) datum);
            case LONG: return NODES.textNode(datum.toString());
            case FLOAT: return floatJson((double) (Float) datum);
            case DOUBLE: return floatJson((Double) datum);
            case STRING: return NODES.textNode(datum.toString());
            case ENUM: return NODES.textNode(datum.toString());
            case BYTES: {
                ByteBuffer b = ((ByteBuffer) datum).duplicate();
                byte[] a = new byte[b.remaining()];
                b.get(a);
                return NODES.textNode(hex(a));
            }
            case FIXED: return NODES.textNode(hex(((GenericFixed) datum).bytes()));
            case ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (Object o : (Collection<?>) datum) a.add(toJson(s.getElementType(), o));
                return a;
            }
            case MAP: {
                ObjectNode m = NODES.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    m.put(e.getKey().toString(), toJson(s.getValueType(), e.getValue()));
                }
                return m;
            }
            case RECORD: {
                ObjectNode o = NODES.objectNode();
                GenericRecord rec = (GenericRecord) datum;
                for (Schema.Field f : s.getFields()) o.put(f.name(), toJson(f.schema(), rec.get(f.name())));
                return o;
            }
            default: throw new IllegalArgumentException("no mapping for " + s.getType());
        }
    }

    static Object toNative(Schema s, JsonNode j) {
        String lt = logical(s);
        if ("decimal".equals(lt)) return new BigDecimal(j.getTextValue());
        if ("uuid".equals(lt) && s.getType() == Schema.Type.STRING) return UUID.fromString(j.getTextValue());
        switch (s.getType()) {
            case UNION: return toNative(s.getTypes().get(j.get("@union").getIntValue()), j.get("@value"));
            case NULL: return null;
            case BOOLEAN: return j.getBooleanValue();
            case INT: return j.getIntValue();
            case LONG: return Long.parseLong(j.getTextValue());
            case FLOAT: return (float) floatNative(j);
            case DOUBLE: return floatNative(j);
            case STRING: return j.getTextValue();
            case ENUM: return new GenericData.EnumSymbol(s, j.getTextValue());
            case BYTES: return ByteBuffer.wrap(unhex(j.getTextValue()));
            case FIXED: return new GenericData.Fixed(s, unhex(j.getTextValue()));
            case ARRAY: {
                List<Object> a = new ArrayList<>();
                for (JsonNode e : j) a.add(toNative(s.getElementType(), e));
                return new GenericData.Array<Object>(s, a);
            }
            case MAP: {
                Map<String, Object> m = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = j.getFields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.put(e.getKey(), toNative(s.getValueType(), e.getValue()));
                }
                return m;
            }
            case RECORD: {
                GenericData.Record rec = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) rec.put(f.name(), toNative(f.schema(), j.get(f.name())));
                return rec;
            }
            default: throw new IllegalArgumentException("no mapping for " + s.getType());
        }
    }
}
