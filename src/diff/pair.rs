//! Pairing an old and a new revision's elements by key: every differ builds its tree of
//! changes through this.

use std::collections::BTreeMap;

use crate::finding::Loc;

/// Anything with a place in its revision.
pub trait Located {
    fn loc(&self) -> &Loc;
}

impl Located for Loc {
    fn loc(&self) -> &Loc {
        self
    }
}

impl<T: Located> Located for &T {
    fn loc(&self) -> &Loc {
        (*self).loc()
    }
}

/// One element in the old and the new revision: removed, added or on both sides.
pub struct Delta<'a, K, T> {
    pub key: &'a K,
    pub old: Option<&'a T>,
    pub new: Option<&'a T>,
    /// Where the change is reported in the new revision: the element, or for a removal its
    /// nearest surviving ancestor (`None` when nothing of it survives).
    pub at: Option<&'a Loc>,
}

impl<'a, K, T: Located> Delta<'a, K, T> {
    pub fn both(&self) -> Option<(&'a T, &'a T)> {
        self.old.zip(self.new)
    }

    pub fn removed(&self) -> Option<&'a T> {
        self.old.filter(|_| self.new.is_none())
    }

    pub fn added(&self) -> Option<&'a T> {
        self.new.filter(|_| self.old.is_none())
    }

    pub fn old_loc(&self) -> Option<&'a Loc> {
        self.old.map(Located::loc)
    }
}

/// Every key of either side, old order first; a removed element is placed at `ancestor`.
pub fn pair<'a, K: Ord, T: Located>(
    old: &'a BTreeMap<K, T>,
    new: &'a BTreeMap<K, T>,
    ancestor: Option<&'a Loc>,
) -> Vec<Delta<'a, K, T>> {
    let mut out: Vec<Delta<K, T>> = old
        .iter()
        .map(|(key, o)| {
            let n = new.get(key);
            Delta {
                key,
                old: Some(o),
                new: n,
                at: n.map(Located::loc).or(ancestor),
            }
        })
        .collect();
    out.extend(
        new.iter()
            .filter(|(k, _)| !old.contains_key(k))
            .map(|(key, n)| Delta {
                key,
                old: None,
                new: Some(n),
                at: Some(n.loc()),
            }),
    );
    out
}
