//! PETRARCH and TABARI interchange: the field's standard actor dictionaries read into
//! annals actors (`dictionary`), and PETRARCH's gold validation records read and scored
//! against annals' own extraction (`validation`). Both readers are lenient about the
//! files' loose syntax (comments anywhere, XML that is not well formed) because the
//! published files are hand-edited; what they cannot read they count as warnings rather
//! than refuse the whole file.

pub mod dictionary;
pub mod validation;

pub use dictionary::{parse_dictionary, Dictionary, Entry, Restriction};
pub use validation::{parse_validation, Coding, Record};
