"""Confluent's Python client (confluent-kafka) against a schema registry.

Usage: registry_peer.py JOB OUT

JOB (JSON): {"url": the registry, "admin": {subject, v1, v2, incompatible},
"serialize": {topic, schema, records}, "deserialize": {topic, messages:
[{payload: hex, headers: [[name, hex]]}]}}.

OUT (JSON): what each SchemaRegistryClient call answered (admin), the
payloads AvroSerializer wrote in both framings (the 00+id prefix, and the
GUID in a header), and the records AvroDeserializer read from avrox's
messages. The suite checks all of it; this script only reports.
"""

import json
import sys

from confluent_kafka.schema_registry import (
    Schema,
    SchemaRegistryClient,
    header_schema_id_serializer,
)
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext


def admin(client, job):
    subject = job["subject"]
    out = {}
    v1 = Schema(job["v1"], "AVRO")
    out["id1"] = client.register_schema(subject, v1)
    out["schema1"] = client.get_schema(out["id1"]).schema_str
    out["latest1"] = client.get_latest_version(subject).version
    out["compatible_v2"] = client.test_compatibility(subject, Schema(job["v2"], "AVRO"))
    out["compatible_bad"] = client.test_compatibility(subject, Schema(job["incompatible"], "AVRO"))
    out["compatible_bad_all"] = client.test_compatibility_all_versions(
        subject, Schema(job["incompatible"], "AVRO")
    )
    out["id2"] = client.register_schema(subject, Schema(job["v2"], "AVRO"))
    out["versions2"] = client.get_versions(subject)
    try:
        client.register_schema(subject, Schema(job["incompatible"], "AVRO"))
        out["register_bad"] = None
    except SchemaRegistryError as e:
        out["register_bad"] = [e.http_status_code, e.error_code]
    out["level_default"] = client.get_compatibility()
    out["set_level"] = client.set_compatibility(subject, "NONE")
    out["level_subject"] = client.get_compatibility(subject)
    out["id3"] = client.register_schema(subject, Schema(job["incompatible"], "AVRO"))
    out["version2"] = client.get_version(subject, 2).schema_id
    out["lookup1"] = client.lookup_schema(subject, v1).version
    out["deleted"] = client.delete_version(subject, 3)
    out["versions_after_delete"] = client.get_versions(subject)
    out["id3_after_delete"] = client.get_schema(out["id3"]).schema_str is not None
    out["id_versions"] = [
        [sv.subject, sv.version] for sv in client.get_schema_versions(out["id1"])
    ]
    out["subjects"] = client.get_subjects()
    try:
        client.get_schema(999999)
        out["unknown_id"] = None
    except SchemaRegistryError as e:
        out["unknown_id"] = [e.http_status_code, e.error_code]
    return out


def serialize(client, job):
    ctx = lambda headers=None: SerializationContext(job["topic"], MessageField.VALUE, headers)
    prefix = AvroSerializer(client, job["schema"])
    header = AvroSerializer(client, job["schema"], conf={"schema.id.serializer": header_schema_id_serializer})
    out = {"prefix": [], "header": []}
    for record in job["records"]:
        out["prefix"].append(prefix(record, ctx()).hex())
        headers = []
        payload = header(record, ctx(headers))
        out["header"].append(
            {"payload": payload.hex(), "headers": [[k, v.hex()] for k, v in headers]}
        )
    return out


def deserialize(client, job):
    deserializer = AvroDeserializer(client)
    out = []
    for message in job["messages"]:
        headers = [(k, bytes.fromhex(v)) for k, v in message["headers"]]
        ctx = SerializationContext(job["topic"], MessageField.VALUE, headers)
        out.append(deserializer(bytes.fromhex(message["payload"]), ctx))
    return out


def main():
    job_path, out_path = sys.argv[1], sys.argv[2]
    with open(job_path) as f:
        job = json.load(f)
    client = SchemaRegistryClient({"url": job["url"]})
    out = {
        "admin": admin(client, job["admin"]),
        "serialize": serialize(client, job["serialize"]),
        "deserialize": deserialize(client, job["deserialize"]),
    }
    with open(out_path, "w") as f:
        json.dump(out, f)


main()
