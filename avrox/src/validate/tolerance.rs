//! When a float is a multiple of another: the one rule both the derive's
//! checks ([`MultipleOf`](super::MultipleOf)) and a schema's
//! `avrox.constraints` (applied to values in `value`) use.

macro_rules! rule {
    ($($name:ident: $t:ty),*) => {$(
        /// Whether `value` is a multiple of `of`, within a relative
        /// tolerance of a few ulps of the quotient, so that 0.3 is a
        /// multiple of 0.1 as people mean it.
        #[inline]
        pub(crate) fn $name(value: $t, of: $t) -> bool {
            if of == 0.0 {
                return value == 0.0;
            }
            let quotient = value / of;
            if !quotient.is_finite() {
                return false;
            }
            (quotient - quotient.round()).abs() <= quotient.abs().max(1.0) * (<$t>::EPSILON * 8.0)
        }
    )*};
}

rule!(multiple_of_f32: f32, multiple_of_f64: f64);
