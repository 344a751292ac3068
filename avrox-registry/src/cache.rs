//! The client's caches: a schema by id or GUID, an id by (subject,
//! schema). Each is bounded: ids come from messages, and hostile messages
//! could name ever new ones.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use avrox::Schema;

/// At most `capacity` entries; a full map forgets the one used longest
/// ago. Eviction scans for it: a miss costs a request to the registry,
/// far more than the scan, and a hit only stamps the entry.
#[derive(Debug)]
pub(crate) struct Lru<K, V> {
    entries: HashMap<K, (V, u64)>,
    capacity: usize,
    clock: u64,
}

impl<K: Eq + Hash + Clone, V: Clone> Lru<K, V> {
    pub(crate) fn new(capacity: usize) -> Lru<K, V> {
        Lru {
            entries: HashMap::new(),
            capacity,
            clock: 0,
        }
    }

    pub(crate) fn get<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|(value, used)| {
            *used = clock;
            value.clone()
        })
    }

    pub(crate) fn insert(&mut self, key: K, value: V) {
        if self.capacity == 0 {
            return;
        }
        self.clock += 1;
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.entries.insert(key, (value, self.clock));
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The caches one client (and its clones) share.
#[derive(Debug)]
pub(crate) struct Caches {
    pub(crate) by_id: Mutex<Lru<u32, Arc<Schema>>>,
    pub(crate) by_guid: Mutex<Lru<String, Arc<Schema>>>,
    /// (subject, schema text) -> id.
    pub(crate) ids: Mutex<Lru<(String, String), u32>>,
}

impl Caches {
    pub(crate) fn new(capacity: usize) -> Caches {
        Caches {
            by_id: Mutex::new(Lru::new(capacity)),
            by_guid: Mutex::new(Lru::new(capacity)),
            ids: Mutex::new(Lru::new(capacity)),
        }
    }
}

/// Locks a cache. A panic while one was held leaves nothing half done (each
/// operation is a single map call), so a poisoned lock is used as is.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_entry_goes() {
        let mut lru = Lru::new(2);
        lru.insert(1, "a");
        lru.insert(2, "b");
        assert_eq!(lru.get(&1), Some("a"));
        lru.insert(3, "c");
        assert_eq!(lru.get(&2), None);
        assert_eq!(lru.get(&1), Some("a"));
        assert_eq!(lru.len(), 2);
        let mut none = Lru::new(0);
        none.insert(1, "a");
        assert_eq!(none.len(), 0);
    }
}
