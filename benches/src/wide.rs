//! The `wide` dataset: a wide row of nullable columns, as a change-data
//! capture stream or a table export carries it. Every field but the key is
//! a `["null", T]` union, and about a third of them are null.

use avrox::Avro;
use serde::{Deserialize, Serialize};

use crate::Rng;

/// Records in the wide dataset.
pub const WIDE_LEN: usize = 10_000;

/// A customer row of 25 columns: a key and 24 nullable columns, six each
/// of `long`, `double`, `boolean` and `string`.
#[derive(Avro, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[avro(namespace = "avrox.bench")]
pub struct Wide {
    /// The row's key.
    pub id: i64,
    /// Account number.
    pub account: Option<i64>,
    /// Orders placed.
    pub orders: Option<i64>,
    /// Last order, in seconds since the Unix epoch.
    pub last_order_at: Option<i64>,
    /// Loyalty points.
    pub points: Option<i64>,
    /// Referrer's key.
    pub referrer: Option<i64>,
    /// Support tickets opened.
    pub tickets: Option<i64>,
    /// Money spent.
    pub spent: Option<f64>,
    /// Average basket.
    pub basket: Option<f64>,
    /// Latitude of the address.
    pub latitude: Option<f64>,
    /// Longitude of the address.
    pub longitude: Option<f64>,
    /// Churn score.
    pub churn: Option<f64>,
    /// Discount rate.
    pub discount: Option<f64>,
    /// Email verified.
    pub verified: Option<bool>,
    /// Newsletter subscriber.
    pub newsletter: Option<bool>,
    /// Has a business account.
    pub business: Option<bool>,
    /// Marked for fraud review.
    pub flagged: Option<bool>,
    /// Uses two-factor authentication.
    pub two_factor: Option<bool>,
    /// Account closed.
    pub closed: Option<bool>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Free-text note.
    pub note: Option<String>,
}

impl Wide {
    /// A random row with key `id`.
    pub fn generate(rng: &mut Rng, id: i64) -> Wide {
        // Each column is null one time in three.
        fn some<T>(rng: &mut Rng, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
            (rng.below(3) != 0).then(|| f(rng))
        }
        let long = |max: u64| move |rng: &mut Rng| rng.below(max) as i64;
        let float = |scale: f32| move |rng: &mut Rng| f64::from(rng.unit_f32() * scale);
        let flag = |rng: &mut Rng| rng.below(2) == 0;
        let word = |lo: u64, hi: u64| {
            move |rng: &mut Rng| {
                let len = rng.range(lo, hi) as usize;
                rng.word(len)
            }
        };
        Wide {
            id,
            account: some(rng, long(1 << 40)),
            orders: some(rng, long(200)),
            last_order_at: some(rng, |r| 1_600_000_000 + r.below(200_000_000) as i64),
            points: some(rng, long(100_000)),
            referrer: some(rng, long(1 << 30)),
            tickets: some(rng, long(10)),
            spent: some(rng, float(10_000.0)),
            basket: some(rng, float(300.0)),
            latitude: some(rng, float(90.0)),
            longitude: some(rng, float(180.0)),
            churn: some(rng, float(1.0)),
            discount: some(rng, float(0.5)),
            verified: some(rng, flag),
            newsletter: some(rng, flag),
            business: some(rng, flag),
            flagged: some(rng, flag),
            two_factor: some(rng, flag),
            closed: some(rng, flag),
            first_name: some(rng, word(3, 10)),
            last_name: some(rng, word(3, 12)),
            email: some(rng, |r| {
                let user = r.range(4, 12) as usize;
                format!("{}@{}.com", r.word(user), r.word(6))
            }),
            city: some(rng, word(4, 14)),
            country: some(rng, word(2, 2)),
            note: some(rng, word(0, 40)),
        }
    }
}

/// `n` rows from `seed`, with keys from 1.
pub fn wides(n: usize, seed: u64) -> Vec<Wide> {
    let mut rng = Rng::new(seed);
    (1..=n as i64)
        .map(|id| Wide::generate(&mut rng, id))
        .collect()
}
