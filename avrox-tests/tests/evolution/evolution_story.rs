//! The evolution story users meet: `User` v1 {user_id, name, email, score};
//! v2 adds `role` (default "member") and renames `score` to
//! `reputation_score` (alias); v3 adds a `preferences` map and `is_active`
//! (default true) and, through a hook, derives a preference from the old
//! fields. Data of v1 and v2 loads as v3.

use std::collections::BTreeMap;

use avrox::resolve::{Compatibility, Evolve, Resolver, TypedPlan, check_history};
use avrox::{Avro, AvroSchema, ErrorKind, Schema, Value};

/// Version 1 as it was written then, kept to produce v1 data.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "User", namespace = "com.acme")]
struct UserV1 {
    user_id: i64,
    name: String,
    email: String,
    score: i32,
}

/// Version 2 as it was written then.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "User", namespace = "com.acme")]
struct UserV2 {
    user_id: i64,
    name: String,
    email: String,
    #[avro(alias = "score")]
    reputation_score: i32,
    #[avro(default = "member".to_string())]
    role: String,
}

/// The current type, which knows its history.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme", version = 3, migrate = upgrade_user)]
struct User {
    user_id: i64,
    name: String,
    email: String,
    #[avro(alias = "score", renamed_in = 2)]
    reputation_score: i32,
    #[avro(default = "member".to_string(), since = 2)]
    role: String,
    #[avro(default, since = 3)]
    preferences: BTreeMap<String, String>,
    #[avro(default = true, since = 3)]
    is_active: bool,
}

/// Users from before version 3 get their newsletter preference from their
/// email's domain; a negative score (which v3 forbids) is refused.
fn upgrade_user(mut user: User, from: Option<u32>) -> Result<User, String> {
    if from.is_some_and(|v| v < 3) {
        if user.reputation_score < 0 {
            return Err(format!("user {} has a negative score", user.user_id));
        }
        let newsletter = if user.email.ends_with("@acme.com") {
            "off"
        } else {
            "on"
        };
        user.preferences
            .insert("newsletter".into(), newsletter.into());
    }
    Ok(user)
}

fn v1() -> UserV1 {
    UserV1 {
        user_id: 1,
        name: "Ada".into(),
        email: "ada@example.org".into(),
        score: 42,
    }
}

#[test]
fn the_history_has_the_exact_schemas_of_each_version() {
    let history = User::history();
    assert_eq!(history.versions().len(), 3);
    // Versions 1 and 2 as derived from the current type are byte for byte
    // the schemas the old types had (names, fields, order).
    assert_eq!(
        history.version(1).unwrap().schema().canonical_form(),
        UserV1::schema().canonical_form()
    );
    assert_eq!(
        history.version(2).unwrap().schema().canonical_form(),
        UserV2::schema().canonical_form()
    );
    assert_eq!(history.latest().unwrap().schema(), User::schema());
    let fingerprints: Vec<_> = history.versions().iter().map(|v| v.fingerprint()).collect();
    assert_eq!(fingerprints[0], UserV1::schema().rabin_fingerprint());
    assert_eq!(
        history.find_fingerprint(fingerprints[1]).unwrap().number(),
        2
    );
}

#[test]
fn v1_and_v2_data_load_as_v3() {
    let mut resolver = Resolver::<User>::new();

    let bytes = avrox::to_vec(&v1()).unwrap();
    let user = resolver.decode(&bytes, UserV1::schema()).unwrap();
    assert_eq!(
        user,
        User {
            user_id: 1,
            name: "Ada".into(),
            email: "ada@example.org".into(),
            reputation_score: 42,
            role: "member".into(),
            preferences: BTreeMap::from([("newsletter".into(), "on".into())]),
            is_active: true,
        }
    );

    let v2 = UserV2 {
        user_id: 2,
        name: "Bob".into(),
        email: "bob@acme.com".into(),
        reputation_score: 7,
        role: "admin".into(),
    };
    let bytes = avrox::to_vec(&v2).unwrap();
    let plan = resolver.plan(UserV2::schema()).unwrap();
    assert_eq!(plan.writer_version(), Some(2));
    let user = plan.decode(&bytes).unwrap();
    assert_eq!(user.role, "admin");
    assert_eq!(user.preferences["newsletter"], "off");
    assert!(user.is_active);

    // v3 data: the plain decoder, no hook.
    let bytes = avrox::to_vec(&user).unwrap();
    let plan = resolver.plan(User::schema()).unwrap();
    assert!(plan.is_identity());
    assert_eq!(plan.decode(&bytes).unwrap(), user);
}

#[test]
fn v1_data_from_a_schema_parsed_at_run_time_loads_too() {
    // What a container file's header or a schema registry hands over.
    let writer = Schema::parse(
        r#"{"type": "record", "name": "User", "namespace": "com.acme", "doc": "v1",
            "fields": [
                {"name": "user_id", "type": "long"},
                {"name": "name", "type": "string"},
                {"name": "email", "type": "string"},
                {"name": "score", "type": "int"}]}"#,
    )
    .unwrap();
    let bytes = Value::record([
        ("user_id", Value::Long(3)),
        ("name", Value::from("Cy")),
        ("email", Value::from("cy@acme.com")),
        ("score", Value::Int(5)),
    ])
    .to_bytes(&writer)
    .unwrap();
    let plan = TypedPlan::<User>::new(&writer).unwrap();
    assert_eq!(plan.writer_version(), Some(1));
    let user = plan.decode(&bytes).unwrap();
    assert_eq!((user.reputation_score, user.role.as_str()), (5, "member"));
}

#[test]
fn a_failing_hook_reaches_the_caller() {
    let bytes = avrox::to_vec(&UserV1 { score: -1, ..v1() }).unwrap();
    let err = Resolver::<User>::new()
        .decode(&bytes, UserV1::schema())
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Migration(e) if e.to_string() == "user 1 has a negative score"),
        "{err:?}"
    );
    assert_eq!(
        format!("{err:#}"),
        "migration failed: user 1 has a negative score"
    );
}

#[test]
fn the_history_is_checked_at_each_level() {
    let history = User::history();
    history.check(Compatibility::BackwardTransitive).unwrap();
    // The other way, v1's reader skips v3's new fields, but the rename
    // breaks it: v1 has no alias for `reputation_score`. v2 reads v3.
    let issues = history.check(Compatibility::FullTransitive).unwrap_err();
    let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "User.score: read by version 1: reader field is not in the writer's record and has no default"
        ]
    );
    history.check(Compatibility::Full).unwrap();
    let snapshot: Vec<(u32, String, String)> = history
        .versions()
        .iter()
        .map(|v| {
            (
                v.number(),
                v.fingerprint().to_string(),
                v.schema().to_string(),
            )
        })
        .collect();
    insta::assert_json_snapshot!("user_history", snapshot);
}

#[test]
fn history_checks_report_every_incompatibility() {
    let v1 = Schema::parse(
        r#"{"type":"record","name":"U","fields":[
            {"name":"id","type":"long"},{"name":"kind","type":{"type":"enum","name":"K","symbols":["A","B"]}}]}"#,
    )
    .unwrap();
    let v2 = Schema::parse(
        r#"{"type":"record","name":"U","fields":[
            {"name":"id","type":"int"},{"name":"kind","type":{"type":"enum","name":"K","symbols":["A"]}},
            {"name":"new","type":"string"}]}"#,
    )
    .unwrap();
    let issues = check_history(Compatibility::Full, &v2, &[v1]).unwrap_err();
    let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "U.id: reading version 1: writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double",
            "U.kind: reading version 1: writer symbol 'B' is not in the reader's enum K, which has no default",
            "U.new: reading version 1: reader field is not in the writer's record and has no default",
        ]
    );
    assert!(check_history(Compatibility::Forward, &v2, &[v1_clone()]).is_ok());
    assert!(check_history(Compatibility::None, &v2, &[v1_clone()]).is_ok());
}

fn v1_clone() -> Schema {
    Schema::parse(
        r#"{"type":"record","name":"U","fields":[
            {"name":"id","type":"long"},{"name":"kind","type":{"type":"enum","name":"K","symbols":["A","B"]}}]}"#,
    )
    .unwrap()
}

// ---- a typed chain: `from` ----

/// A point stored in centimetres, as integers, in its first life.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "PointCm")]
struct PointCm {
    x_cm: i32,
    y_cm: i32,
}

/// The same point in metres: resolution cannot convert units, the chain can.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(from = PointCm)]
struct Point {
    x: f64,
    y: f64,
}

impl From<PointCm> for Point {
    fn from(p: PointCm) -> Point {
        Point {
            x: f64::from(p.x_cm) / 100.0,
            y: f64::from(p.y_cm) / 100.0,
        }
    }
}

/// A third generation that refuses some old points.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Point3", try_from = Point)]
struct Point3 {
    x: f64,
    y: f64,
    z: f64,
}

impl TryFrom<Point> for Point3 {
    type Error = String;
    fn try_from(p: Point) -> Result<Point3, String> {
        if p.x.is_nan() {
            return Err("a point without x".into());
        }
        Ok(Point3 {
            x: p.x,
            y: p.y,
            z: 0.0,
        })
    }
}

/// A conversion with an error type of its own, which the caller gets back.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Positive", try_from = Point)]
struct Positive {
    x: f64,
    y: f64,
}

#[derive(Debug, PartialEq)]
struct NegativeAxis(char);

impl std::fmt::Display for NegativeAxis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is negative", self.0)
    }
}

impl std::error::Error for NegativeAxis {}

impl TryFrom<Point> for Positive {
    type Error = NegativeAxis;
    fn try_from(p: Point) -> Result<Positive, NegativeAxis> {
        match (p.x < 0.0, p.y < 0.0) {
            (true, _) => Err(NegativeAxis('x')),
            (_, true) => Err(NegativeAxis('y')),
            _ => Ok(Positive { x: p.x, y: p.y }),
        }
    }
}

#[test]
fn a_conversion_error_of_its_own_type_is_the_source() {
    let old = avrox::to_vec(&Point { x: 1.0, y: -2.0 }).unwrap();
    let err = Resolver::<Positive>::new()
        .decode(&old, Point::schema())
        .unwrap_err();
    assert_eq!(err.category(), avrox::error::Category::Migration);
    let mine = std::error::Error::source(&err).and_then(|e| e.downcast_ref::<NegativeAxis>());
    assert_eq!(mine, Some(&NegativeAxis('y')));
    assert_eq!(err.to_string(), "migration failed");
    assert_eq!(format!("{err:#}"), "migration failed: y is negative");
}

#[test]
fn from_chains_convert_through_every_generation() {
    let old = avrox::to_vec(&PointCm {
        x_cm: 150,
        y_cm: -20,
    })
    .unwrap();
    let mut points = Resolver::<Point>::new();
    assert_eq!(
        points.decode(&old, PointCm::schema()).unwrap(),
        Point { x: 1.5, y: -0.2 }
    );
    // Two steps: PointCm -> Point -> Point3.
    let mut points3 = Resolver::<Point3>::new();
    assert_eq!(
        points3.decode(&old, PointCm::schema()).unwrap(),
        Point3 {
            x: 1.5,
            y: -0.2,
            z: 0.0
        }
    );
    let mid = avrox::to_vec(&Point {
        x: f64::NAN,
        y: 1.0,
    })
    .unwrap();
    let err = points3.decode(&mid, Point::schema()).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Migration(e) if e.to_string() == "a point without x"),
        "{err:?}"
    );
    // A writer schema neither the type nor its chain can read.
    let stranger = Schema::parse(r#"{"type":"record","name":"Other","fields":[]}"#).unwrap();
    assert!(points3.decode(&[], &stranger).is_err());
}

/// Version 2 changed only a doc and a default: the two versions share a
/// canonical form, and so a fingerprint.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(version = 2)]
struct Setting {
    key: String,
    #[avro(default = 3)]
    retries: i32,
}

#[test]
fn versions_sharing_a_fingerprint_resolve_to_the_newest() {
    let history = Setting::history();
    let (v1, v2) = (&history.versions()[0], &history.versions()[1]);
    assert_eq!(v1.fingerprint(), v2.fingerprint());
    assert_eq!(
        history.find_fingerprint(v1.fingerprint()).unwrap().number(),
        2
    );
    assert_eq!(history.find(v1.schema()).unwrap().number(), 2);
    // Data of either reads with the plain decoder, and no hook runs.
    let plan = TypedPlan::<Setting>::new(v1.schema()).unwrap();
    assert!(plan.is_identity());
    assert_eq!(plan.writer_version(), Some(2));
}

/// Two types that name each other in `from`: a cycle.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(from = Pong)]
struct Ping {
    n: i64,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(from = Ping)]
struct Pong {
    m: i64,
}

impl From<Pong> for Ping {
    fn from(p: Pong) -> Ping {
        Ping { n: p.m }
    }
}

impl From<Ping> for Pong {
    fn from(p: Ping) -> Pong {
        Pong { m: p.n }
    }
}

#[test]
fn a_cycle_of_from_chains_is_an_error_not_a_stack_overflow() {
    // Each reads the other's data through the chain.
    let ping = avrox::to_vec(&Ping { n: 3 }).unwrap();
    assert_eq!(
        Resolver::<Pong>::new()
            .decode(&ping, Ping::schema())
            .unwrap(),
        Pong { m: 3 }
    );
    // A stranger sends the chain round and round until the limit; the
    // error is the type's own.
    let stranger = Schema::parse(r#"{"type":"record","name":"Other","fields":[]}"#).unwrap();
    let err = TypedPlan::<Ping>::new(&stranger).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "schemas do not resolve: Ping: writer record Other cannot be read as record Ping"
    );
}

fn v2() -> UserV2 {
    UserV2 {
        user_id: 2,
        name: "Bob".into(),
        email: "bob@acme.com".into(),
        reputation_score: 7,
        role: "admin".into(),
    }
}

/// What v1 and v2 data must load as.
fn expected_v3() -> [User; 2] {
    [
        User {
            user_id: 1,
            name: "Ada".into(),
            email: "ada@example.org".into(),
            reputation_score: 42,
            role: "member".into(),
            preferences: BTreeMap::from([("newsletter".into(), "on".into())]),
            is_active: true,
        },
        User {
            user_id: 2,
            name: "Bob".into(),
            email: "bob@acme.com".into(),
            reputation_score: 7,
            role: "admin".into(),
            preferences: BTreeMap::from([("newsletter".into(), "off".into())]),
            is_active: true,
        },
    ]
}

#[test]
fn v1_and_v2_container_files_load_as_v3() {
    use avrox::ocf::{Reader, Writer};

    let mut w = Writer::<UserV1, _>::new(Vec::new()).unwrap();
    w.append(&v1()).unwrap();
    let v1_file = w.finish().unwrap();
    let mut w = Writer::<UserV2, _>::new(Vec::new()).unwrap();
    w.append(&v2()).unwrap();
    let v2_file = w.finish().unwrap();

    let [from_v1, from_v2] = expected_v3();
    let users: Vec<User> = Reader::<User, _>::new(&v1_file[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users, [from_v1]);
    let users: Vec<User> = Reader::<User, _>::new(&v2_file[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users, [from_v2]);

    // The hook's error reaches the reader with the record's place.
    let mut w = Writer::<UserV1, _>::new(Vec::new()).unwrap();
    w.append(&v1()).unwrap();
    w.append(&UserV1 { score: -1, ..v1() }).unwrap();
    let file = w.finish().unwrap();
    let results: Vec<_> = Reader::<User, _>::new(&file[..]).unwrap().collect();
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Migration(_)), "{err}");
    assert!(format!("{err:#}").contains("negative score"), "{err:#}");
}

#[test]
fn v1_and_v2_messages_load_as_v3() {
    use avrox::framing::{self, ConfluentReader, MemoryRegistry, SchemaStore};

    // Single-object: the store knows every version of `User` by its
    // fingerprint, so messages of v1 and v2 producers decode.
    let mut store = SchemaStore::new();
    store.add_type::<User>();
    assert_eq!(store.len(), 3);
    let [from_v1, from_v2] = expected_v3();
    let message = framing::to_single_object(&v1()).unwrap();
    assert_eq!(store.decode::<User>(&message).unwrap(), from_v1);
    let message = framing::to_single_object(&v2()).unwrap();
    assert_eq!(store.decode::<User>(&message).unwrap(), from_v2);
    // Decoded again with the plan the store kept.
    assert_eq!(store.decode::<User>(&message).unwrap(), from_v2);

    // Confluent: v1 and v2 registered under the subject as they were.
    let mut registry = MemoryRegistry::new();
    registry.register("users-value", UserV1::schema().clone());
    registry.register("users-value", UserV2::schema().clone());
    let m1 = framing::to_confluent(&registry, "users-value", &v1()).unwrap();
    let m2 = framing::to_confluent(&registry, "users-value", &v2()).unwrap();
    let reader = ConfluentReader::new(registry);
    assert_eq!(reader.decode::<User>(&m1).unwrap(), from_v1);
    assert_eq!(reader.decode::<User>(&m2).unwrap(), from_v2);
    // A message cut short under a plan is an error, never a panic.
    for cut in 5..m2.len() {
        assert!(reader.decode::<User>(&m2[..cut]).is_err(), "{cut}");
    }
}
