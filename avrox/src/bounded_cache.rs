//! A map that holds at most a set number of entries and forgets the least
//! recently used one to make room: the bound of every cache filled from
//! what is read (a [`Resolver`](crate::resolve::Resolver)'s plans per
//! writer schema, the decoders a `SchemaStore` or `ConfluentReader` keeps
//! per schema). Input decides what goes in, so without a bound a stream
//! of distinct writer schemas would grow memory without end.

use std::collections::HashMap;
use std::hash::Hash;

/// At most `capacity` entries; inserting into a full map evicts the entry
/// used longest ago.
///
/// Eviction scans the entries for the oldest: a miss costs a compiled
/// plan anyway, far more than the scan of a map this size, and a hit
/// only stamps the entry, so no list of recency has to be kept in order.
#[derive(Debug)]
pub(crate) struct BoundedCache<K, V> {
    entries: HashMap<K, Entry<V>>,
    capacity: usize,
    /// Stamps uses; the entry with the smallest stamp is evicted first.
    clock: u64,
}

#[derive(Debug)]
struct Entry<V> {
    value: V,
    used: u64,
}

impl<K: Eq + Hash + Clone, V> BoundedCache<K, V> {
    /// An empty cache of at most `capacity` entries (none kept at 0).
    pub(crate) fn new(capacity: usize) -> BoundedCache<K, V> {
        BoundedCache {
            entries: HashMap::new(),
            capacity,
            clock: 0,
        }
    }

    /// The most entries kept.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Changes the bound, evicting the least recently used entries that
    /// no longer fit.
    pub(crate) fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity;
        while self.entries.len() > capacity {
            self.evict_oldest();
        }
    }

    /// The value for `key`, marked as just used.
    pub(crate) fn get(&mut self, key: &K) -> Option<&V> {
        self.clock += 1;
        let entry = self.entries.get_mut(key)?;
        entry.used = self.clock;
        Some(&entry.value)
    }

    /// Keeps `value` for `key` (replacing what `key` had), evicting the
    /// least recently used entry if the cache is full. With a capacity of
    /// 0, nothing is kept.
    pub(crate) fn insert(&mut self, key: K, value: V) {
        if self.capacity == 0 {
            return;
        }
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            self.evict_oldest();
        }
        self.clock += 1;
        let used = self.clock;
        self.entries.insert(key, Entry { value, used });
    }

    /// Keeps only the entries whose key passes `keep`.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&K) -> bool) {
        self.entries.retain(|key, _| keep(key));
    }

    /// How many entries are kept.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    fn evict_oldest(&mut self) {
        let oldest = self
            .entries
            .iter()
            .min_by_key(|(_, entry)| entry.used)
            .map(|(key, _)| key.clone());
        if let Some(oldest) = oldest {
            self.entries.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_at_most_its_capacity_and_evicts_the_least_recently_used() {
        let mut cache = BoundedCache::new(3);
        for key in 0..3 {
            cache.insert(key, key * 10);
        }
        assert_eq!(cache.get(&0), Some(&0), "0 is now the most recently used");
        cache.insert(3, 30);
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.get(&1), None, "1 was used longest ago");
        assert_eq!(cache.get(&0), Some(&0));
        assert_eq!(cache.get(&2), Some(&20));
        assert_eq!(cache.get(&3), Some(&30));
        cache.insert(3, 31);
        assert_eq!(cache.len(), 3, "replacing a key evicts nothing");
        assert_eq!(cache.get(&3), Some(&31));
    }

    #[test]
    fn a_flood_of_keys_stays_within_the_bound() {
        let mut cache = BoundedCache::new(100);
        for key in 0..100_000u64 {
            cache.insert(key, ());
            assert!(cache.len() <= 100);
        }
        assert_eq!(cache.len(), 100);
        assert!((99_900..100_000).all(|key| cache.get(&key).is_some()));
    }

    #[test]
    fn shrinking_evicts_and_zero_keeps_nothing() {
        let mut cache = BoundedCache::new(4);
        for key in 0..4 {
            cache.insert(key, ());
        }
        cache.get(&0);
        cache.set_capacity(2);
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&0).is_some() && cache.get(&3).is_some());
        cache.set_capacity(0);
        cache.insert(9, ());
        assert_eq!(cache.len(), 0);
        assert_eq!(cache.capacity(), 0);
    }
}
