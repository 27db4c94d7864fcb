//! Values worked out once per key, for passes that ask the same question of the same
//! place many times (the name of a schema's parent, the schema a pointer leads to).

use std::cell::RefCell;
use std::collections::HashMap;

/// A table from a key (a pointer, say) to the value worked out for it, filled as it is
/// asked. Behind a shared reference, so that the code working a value out may ask the
/// table again (a name built from its parent's name).
#[derive(Debug)]
pub(crate) struct Memo<V>(RefCell<HashMap<String, V>>);

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Self(RefCell::default())
    }
}

impl<V: Clone> Memo<V> {
    /// The value for `key`, made by `make` the first time it is asked for. `make` may ask
    /// the table for other keys: no borrow is held while it runs.
    pub(crate) fn get_or_make(&self, key: &str, make: impl FnOnce() -> V) -> V {
        if let Some(value) = self.0.borrow().get(key) {
            return value.clone();
        }
        let value = make();
        self.0.borrow_mut().insert(key.to_owned(), value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_and_making_it_may_ask_the_table() {
        let memo: Memo<String> = Memo::default();
        let made = std::cell::Cell::new(0);
        let name = |key: &str| {
            memo.get_or_make(key, || {
                made.set(made.get() + 1);
                key.to_uppercase()
            })
        };
        let outer = memo.get_or_make("a/b", || format!("{}-{}", name("a"), name("b")));
        assert_eq!(outer, "A-B");
        assert_eq!(memo.get_or_make("a/b", || "again".to_owned()), "A-B");
        assert_eq!(name("a"), "A");
        assert_eq!(made.get(), 2);
    }
}
