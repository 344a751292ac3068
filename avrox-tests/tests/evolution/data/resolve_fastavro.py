"""Generates resolve_fastavro.jsonl: random writer schemas, evolved reader
schemas (fields dropped, added with defaults, renamed with aliases,
reordered, promoted; enums widened with defaults; and, in the second half,
changes that break: demotions, fields without defaults, symbols removed),
one random datum each written by fastavro, and fastavro's result of reading
it with the reader's schema (`schemaless_reader(buf, writer, reader)`), or
that it failed. avrox-tests/tests/evolution/resolve_fastavro.rs replays the file.

Run with fastavro 1.13.1 (pip install fastavro==1.13.1), from this folder:
    python3 resolve_fastavro.py
"""
import io, json, random, copy, base64, fastavro
from fastavro import parse_schema, schemaless_writer, schemaless_reader
import sys
random.seed(7)
HOSTILE = False
PROMOTE = {"int": ["long","float","double"], "long": ["float","double"], "float": ["double"], "string": ["bytes"], "bytes": ["string"]}
cnt = [0]
def name():
    cnt[0]+=1; return f"N{cnt[0]}"
def gen_type(depth):
    k = random.choice(["int","long","float","double","string","bytes","boolean","array","map","enum","union","record"] if depth<2 else ["int","long","float","double","string","bytes","boolean"])
    if k=="array": return {"type":"array","items":gen_type(depth+1)}
    if k=="map": return {"type":"map","values":gen_type(depth+1)}
    if k=="enum": return {"type":"enum","name":name(),"symbols":random.sample(["A","B","C","D"], random.randint(1,4))}
    if k=="union": return ["null", random.choice(["int","string","long"])]
    if k=="record": return gen_record(depth+1)
    return k
def gen_record(depth):
    return {"type":"record","name":name(),"fields":[{"name":f"f{i}","type":gen_type(depth)} for i in range(random.randint(1,4))]}
def gen_value(t):
    if isinstance(t, list):
        b = random.choice(t); return None if b=="null" else gen_value(b)
    if isinstance(t, dict):
        k=t["type"]
        if k=="array": return [gen_value(t["items"]) for _ in range(random.randint(0,3))]
        if k=="map": return {f"k{i}": gen_value(t["values"]) for i in range(random.randint(0,3))}
        if k=="enum": return random.choice(t["symbols"])
        if k=="record": return {f["name"]: gen_value(f["type"]) for f in t["fields"]}
    return {"int": lambda: random.randint(-1000,1000), "long": lambda: random.randint(-2**40,2**40),
            "float": lambda: random.choice([0.5, -2.25, 1e3]), "double": lambda: random.random(),
            "string": lambda: random.choice(["", "abc", "hé"]), "bytes": lambda: bytes([1,2,3])[:random.randint(0,3)],
            "boolean": lambda: random.random()<0.5}[t]()
def default_for(t):
    if isinstance(t, list): return None
    if isinstance(t, dict):
        k=t["type"]
        if k=="array": return []
        if k=="map": return {}
        if k=="enum": return t["symbols"][0]
        if k=="record": return {f["name"]: default_for(f["type"]) for f in t["fields"]}
    return {"int":1,"long":2,"float":1.5,"double":2.5,"string":"d","bytes":"\u0001","boolean":True}[t]
def evolve(t):
    t = copy.deepcopy(t)
    if isinstance(t, str) and t in PROMOTE and random.random()<0.4: return random.choice(PROMOTE[t])
    if HOSTILE and isinstance(t, str) and random.random()<0.1: return random.choice(["int","string","boolean","double"])
    if isinstance(t, list):
        if random.random()<0.3: return ["null","long","string"] if "int" in t else t
        return t
    if isinstance(t, dict):
        k=t["type"]
        if k=="array": t["items"]=evolve(t["items"])
        if k=="map": t["values"]=evolve(t["values"])
        if k=="enum":
            if HOSTILE and random.random()<0.3 and len(t["symbols"])>1:
                t["symbols"]=t["symbols"][1:]
            elif random.random()<0.5:
                t["symbols"]=t["symbols"]+["Z"]; t["default"]="Z"
        if k=="record":
            fields = []
            for f in t["fields"]:
                r = random.random()
                if r<0.2: continue
                f = dict(f); f["type"]=evolve(f["type"])
                if r<0.35: f["aliases"]=[f["name"]]; f["name"]=f["name"]+"_new"
                fields.append(f)
            if random.random()<0.5:
                nt = gen_type(3); fields.append({"name":"added"+name(),"type":nt,"default":default_for(nt)})
            if HOSTILE and random.random()<0.15:
                fields.append({"name":"nodefault"+name(),"type":"int"})
            random.shuffle(fields)
            t["fields"]=fields
    return t
cases=[]
for i in range(300):
    if i == 150:
        HOSTILE = True
    cnt[0]=0
    w = gen_record(0)
    cnt_save=cnt[0]
    r = evolve(w)
    try:
        ws=parse_schema(copy.deepcopy(w)); rs=parse_schema(copy.deepcopy(r))
    except Exception as e:
        continue
    v = gen_value(w)
    b = io.BytesIO(); schemaless_writer(b, ws, v); data=b.getvalue()
    try:
        out = schemaless_reader(io.BytesIO(data), ws, rs); res={"ok": out}
    except Exception as e:
        res={"err": str(e)}
    def enc(o):
        if isinstance(o, bytes): return {"$bytes": list(o)}
        if isinstance(o, dict): return {k: enc(x) for k,x in o.items()}
        if isinstance(o, list): return [enc(x) for x in o]
        return o
    cases.append({"writer": w, "reader": r, "data": list(data), "result": enc(res)})
with open("resolve_fastavro.jsonl", "w") as out:
    for c in cases:
        out.write(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n")
print(len(cases), sum(1 for c in cases if "err" in c["result"]))
