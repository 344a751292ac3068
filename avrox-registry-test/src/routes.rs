//! The REST API's routes over [`State`]: each reads its path, query and
//! body, takes the lock, and answers with the state's JSON or error.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State as Shared};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value as Json, json};

use crate::state::{Answer, ApiError, SchemaBody, State};

type AppState = Arc<Mutex<State>>;
type Params = Query<HashMap<String, String>>;

const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";

pub(crate) fn router(state: AppState, requests: Arc<AtomicUsize>) -> Router {
    Router::new()
        .route("/subjects", get(subjects))
        .route("/subjects/{subject}", post(lookup))
        .route("/subjects/{subject}/versions", get(versions).post(register))
        .route(
            "/subjects/{subject}/versions/{version}",
            get(version).delete(delete_version),
        )
        .route("/schemas/ids/{id}", get(schema_by_id))
        .route("/schemas/ids/{id}/versions", get(id_versions))
        .route("/schemas/ids/{id}/subjects", get(id_subjects))
        .route("/schemas/guids/{guid}", get(schema_by_guid))
        .route("/schemas/types", get(schema_types))
        .route("/config", get(global_config).put(set_global_config))
        .route(
            "/config/{subject}",
            get(subject_config)
                .put(set_subject_config)
                .delete(delete_subject_config),
        )
        .route(
            "/compatibility/subjects/{subject}/versions",
            post(compatible_with_all),
        )
        .route(
            "/compatibility/subjects/{subject}/versions/{version}",
            post(compatible_with_version),
        )
        .fallback(not_found)
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            requests.fetch_add(1, Ordering::SeqCst);
            next.run(request)
        }))
        .with_state(state)
}

fn respond(answer: Answer) -> Response {
    let (status, body) = match answer {
        Ok(json) => (StatusCode::OK, json),
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            json!({"error_code": e.code, "message": e.message}),
        ),
    };
    (
        status,
        [(header::CONTENT_TYPE, CONTENT_TYPE)],
        body.to_string(),
    )
        .into_response()
}

fn with_state<T>(state: &AppState, f: impl FnOnce(&mut State) -> T) -> T {
    // Every operation checks before it changes anything, so a panic in
    // one leaves the state whole.
    f(&mut state.lock().unwrap_or_else(PoisonError::into_inner))
}

fn flag(params: &HashMap<String, String>, name: &str) -> bool {
    params
        .get(name)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// A request body as a schema, or the error Confluent gives a body it
/// cannot read.
fn schema_body(body: &[u8]) -> Result<SchemaBody, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::new(422, format!("Unrecognizable request body: {e}")))
}

async fn subjects(Shared(state): Shared<AppState>, Query(params): Params) -> Response {
    respond(with_state(&state, |s| s.subjects(flag(&params, "deleted"))))
}

async fn lookup(
    Shared(state): Shared<AppState>,
    Path(subject): Path<String>,
    Query(params): Params,
    body: Bytes,
) -> Response {
    respond(schema_body(&body).and_then(|body| {
        with_state(&state, |s| {
            s.lookup(&subject, &body, flag(&params, "deleted"))
        })
    }))
}

async fn versions(
    Shared(state): Shared<AppState>,
    Path(subject): Path<String>,
    Query(params): Params,
) -> Response {
    respond(with_state(&state, |s| {
        s.versions(&subject, flag(&params, "deleted"))
    }))
}

async fn register(
    Shared(state): Shared<AppState>,
    Path(subject): Path<String>,
    body: Bytes,
) -> Response {
    respond(schema_body(&body).and_then(|body| with_state(&state, |s| s.register(&subject, &body))))
}

async fn version(
    Shared(state): Shared<AppState>,
    Path((subject, version)): Path<(String, String)>,
    Query(params): Params,
) -> Response {
    respond(with_state(&state, |s| {
        s.version(&subject, &version, flag(&params, "deleted"))
    }))
}

async fn delete_version(
    Shared(state): Shared<AppState>,
    Path((subject, version)): Path<(String, String)>,
    Query(params): Params,
) -> Response {
    respond(with_state(&state, |s| {
        s.delete_version(&subject, &version, flag(&params, "permanent"))
    }))
}

async fn schema_by_id(Shared(state): Shared<AppState>, Path(id): Path<String>) -> Response {
    respond(with_state(&state, |s| s.schema_by_id(&id)))
}

async fn id_versions(Shared(state): Shared<AppState>, Path(id): Path<String>) -> Response {
    respond(with_state(&state, |s| s.id_versions(&id)))
}

async fn id_subjects(Shared(state): Shared<AppState>, Path(id): Path<String>) -> Response {
    respond(with_state(&state, |s| s.id_subjects(&id)))
}

async fn schema_by_guid(Shared(state): Shared<AppState>, Path(guid): Path<String>) -> Response {
    respond(with_state(&state, |s| s.schema_by_guid(&guid)))
}

async fn schema_types() -> Response {
    respond(Ok(json!(["AVRO"])))
}

async fn global_config(Shared(state): Shared<AppState>) -> Response {
    respond(with_state(&state, |s| s.config(None, true)))
}

async fn set_global_config(Shared(state): Shared<AppState>, body: Bytes) -> Response {
    respond(config_body(&body).and_then(|body| with_state(&state, |s| s.set_config(None, &body))))
}

async fn subject_config(
    Shared(state): Shared<AppState>,
    Path(subject): Path<String>,
    Query(params): Params,
) -> Response {
    respond(with_state(&state, |s| {
        s.config(Some(&subject), flag(&params, "defaultToGlobal"))
    }))
}

async fn set_subject_config(
    Shared(state): Shared<AppState>,
    Path(subject): Path<String>,
    body: Bytes,
) -> Response {
    respond(
        config_body(&body)
            .and_then(|body| with_state(&state, |s| s.set_config(Some(&subject), &body))),
    )
}

async fn delete_subject_config(
    Shared(state): Shared<AppState>,
    Path(subject): Path<String>,
) -> Response {
    respond(with_state(&state, |s| s.delete_config(&subject)))
}

fn config_body(body: &[u8]) -> Result<Json, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::new(422, format!("Unrecognizable request body: {e}")))
}

async fn compatible_with_all(
    Shared(state): Shared<AppState>,
    Path(subject): Path<String>,
    Query(params): Params,
    body: Bytes,
) -> Response {
    respond(schema_body(&body).and_then(|body| {
        with_state(&state, |s| {
            s.test_compatibility(&subject, None, &body, flag(&params, "verbose"))
        })
    }))
}

async fn compatible_with_version(
    Shared(state): Shared<AppState>,
    Path((subject, version)): Path<(String, String)>,
    Query(params): Params,
    body: Bytes,
) -> Response {
    respond(schema_body(&body).and_then(|body| {
        with_state(&state, |s| {
            s.test_compatibility(&subject, Some(&version), &body, flag(&params, "verbose"))
        })
    }))
}

async fn not_found() -> Response {
    respond(Err(ApiError::new(404, "HTTP 404 Not Found")))
}
