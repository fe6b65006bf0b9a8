//! Typed indices: an article, an entity and a timeline event are each numbered from 0 in the
//! order of their table, and a number of one kind cannot be used as another.
//!
//! They serialize as bare numbers, so JSON output is the same as with plain `u32`.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(u32);

        impl $name {
            /// The id of the item at this position of its table.
            pub const fn new(raw: u32) -> Self {
                Self(raw)
            }

            /// The id of the item at `index`, or `None` past `u32::MAX` items.
            pub fn from_index(index: usize) -> Option<Self> {
                u32::try_from(index).ok().map(Self)
            }

            /// The position in its table, for `table[id.index()]` and `table.get(id.index())`.
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The number as stored and printed.
            pub const fn get(self) -> u32 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

index_type!(
    /// An article's position in its [`crate::bundle::Bundle`], stable for one load.
    ArticleId
);
index_type!(
    /// An entity's position in [`crate::knowledge::entities::EntityTable::entities`].
    EntityId
);
index_type!(
    /// An event's position in [`crate::knowledge::timeline::Timeline::events`].
    EventId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_their_index_and_print_as_numbers() {
        let id = ArticleId::from_index(37_378).expect("fits");
        assert_eq!(id.index(), 37_378);
        assert_eq!(id.to_string(), "37378");
        assert_eq!(serde_json::to_string(&id).expect("json"), "37378");
        assert_eq!(
            EntityId::from_index(u32::MAX as usize),
            Some(EntityId::new(u32::MAX))
        );
        #[cfg(target_pointer_width = "64")]
        assert_eq!(EventId::from_index(u32::MAX as usize + 1), None);
    }
}
