//! Two revisions of a type compared structurally: object members by name, array elements,
//! union alternatives as sets, functions by their signatures. A change is reported at the
//! innermost member that changed, under its dotted path (`User.address.city`).

use std::collections::BTreeMap;

use crate::finding::Loc;
use crate::formats::typescript::shape::{Body, Member, Signature, Ty};

use super::super::change::{Change, Report};
use super::super::pair::{Located, pair};
use super::Direction;
use super::heritage::{self, Scope};

impl Located for Member {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

/// Past this depth of nested inline types, a change is reported where it was reached.
const MAX_DEPTH: usize = 32;

/// What a comparison inside one declaration needs: its name, its direction, both sides'
/// declarations (to see through named object types) and where findings go.
pub struct Cx<'a, 'r> {
    pub name: &'a str,
    pub dir: Direction,
    /// Both sides are classes: what the library provides, which callers never build.
    pub class: bool,
    pub old: &'a Scope<'a>,
    pub new: &'a Scope<'a>,
    pub out: &'r mut Report,
}

/// Where a compared element sits on each side.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub old: &'a Loc,
    pub new: &'a Loc,
}

impl Cx<'_, '_> {
    fn change(
        &self,
        what: &'static str,
        path: &str,
        old: Option<&Loc>,
        at: Option<&Loc>,
    ) -> Change {
        let property = path
            .strip_prefix(self.name)
            .map(|p| p.trim_start_matches('.'))
            .unwrap_or(path);
        Change::new(what, old, at, path)
            .fact(self.dir.fact())
            .slot("name", self.name)
            .slot("property", property)
            .slot("path", path)
    }

    pub fn members(&mut self, path: &str, old: &[Member], new: &[Member], at: At, depth: usize) {
        let index = |ms: &[Member]| -> BTreeMap<String, Member> {
            ms.iter().map(|m| (m.name.clone(), m.clone())).collect()
        };
        let (om, nm) = (index(old), index(new));
        for m in pair(&om, &nm, Some(at.new)) {
            let sub = format!("{path}.{}", m.key);
            if m.removed().is_some() {
                let c = self.change("property-removed", &sub, m.old_loc().or(Some(at.old)), m.at);
                self.out.add(c);
            } else if let Some(added) = m.added() {
                let method = matches!(added.ty, Ty::Function(_)) || m.key == "constructor";
                let c = self
                    .change("property-added", &sub, Some(at.old), m.at)
                    .fact_if(self.class, "class")
                    .fact_if(method, "method")
                    .fact_if(!added.optional, "required");
                self.out.add(c);
            } else if let Some((o, n)) = m.both() {
                self.member(&sub, o, n, depth);
            }
        }
    }

    fn member(&mut self, path: &str, o: &Member, n: &Member, depth: usize) {
        let at = (Some(&o.loc), Some(&n.loc));
        match (o.optional, n.optional) {
            (true, false) => {
                self.out
                    .add(self.change("property-became-required", path, at.0, at.1))
            }
            (false, true) => {
                self.out
                    .add(self.change("property-became-optional", path, at.0, at.1))
            }
            _ => {}
        }
        if o.readonly != n.readonly {
            let c = self
                .change("property-readonly-changed", path, at.0, at.1)
                .fact(if n.readonly { "added" } else { "removed" });
            self.out.add(c);
        }
        let at = At {
            old: &o.loc,
            new: &n.loc,
        };
        self.types(path, &o.ty, &n.ty, at, depth + 1);
    }

    /// Compares `old` and `new` at `path`; a declaration's own name is its top.
    pub fn types(&mut self, path: &str, old: &Ty, new: &Ty, at: At, depth: usize) {
        if old == new || *old == Ty::Unknown || *new == Ty::Unknown {
            return;
        }
        if depth < MAX_DEPTH {
            // An alias on one side and what it stands for on the other (`StartResponder`
            // against the function type it names) are one type.
            let (a, b) = (alias(old, self.old), alias(new, self.new));
            if a.is_some() || b.is_some() {
                let different_names =
                    !matches!((old, new), (Ty::Named(x, _), Ty::Named(y, _)) if x == y);
                if different_names {
                    let (a, b) = (a.unwrap_or(old), b.unwrap_or(new));
                    return self.types(path, a, b, at, depth + 1);
                }
            }
            match (old, new) {
                (Ty::Object(a), Ty::Object(b)) => return self.members(path, a, b, at, depth),
                (
                    Ty::Array {
                        element: a,
                        readonly: ra,
                    },
                    Ty::Array {
                        element: b,
                        readonly: rb,
                    },
                ) if ra == rb => return self.types(&format!("{path}[]"), a, b, at, depth + 1),
                (Ty::Function(a), Ty::Function(b)) => return self.signature(path, a, b, at),
                _ if self.alternatives(path, old, new, at, depth) => return,
                _ => {}
            }
            // Two spellings of one object type (an intersection, a `Partial<…>` of a type
            // both sides declare, an inline object) compare member by member.
            if let (Some(a), Some(b)) = (
                heritage::of_type(old, self.old),
                heritage::of_type(new, self.new),
            ) && a.opaque == b.opaque
                && !(matches!(old, Ty::Named(..)) && matches!(new, Ty::Named(..)))
            {
                return self.members(path, &a.members, &b.members, at, depth);
            }
        }
        let what = if path == self.name {
            "alias-changed"
        } else {
            "property-type-changed"
        };
        let c = self
            .change(what, path, Some(at.old), Some(at.new))
            .fact_if(assignable(old, new), "wider")
            .fact_if(assignable(new, old), "narrower")
            .slot("old", old.to_string())
            .slot("new", new.to_string());
        self.out.add(c);
    }

    /// A union whose alternatives were added or removed, the rest kept: each one reported.
    /// False when the two are not such a pair.
    fn alternatives(&mut self, path: &str, old: &Ty, new: &Ty, at: At, depth: usize) -> bool {
        // Only a union on both sides: a type become a union of it and more is a widening.
        let (oa, na) = (old.alternatives(), new.alternatives());
        if oa.len() < 2 || na.len() < 2 {
            return false;
        }
        let removed: Vec<&Ty> = oa.iter().filter(|t| !na.contains(t)).collect();
        let added: Vec<&Ty> = na.iter().filter(|t| !oa.contains(t)).collect();
        let literals = |ts: &[Ty]| ts.iter().all(|t| matches!(t, Ty::Literal(_)));
        if removed.len() == oa.len() && !(literals(oa) && literals(na)) {
            return false;
        }
        // One object alternative changed inside: its members say what.
        if let ([r], [a]) = (removed.as_slice(), added.as_slice())
            && matches!((r, a), (Ty::Object(_), Ty::Object(_)))
        {
            self.types(path, r, a, at, depth + 1);
            return true;
        }
        for (what, list) in [("member-removed", removed), ("member-added", added)] {
            for t in list {
                let c = self
                    .change(what, path, Some(at.old), Some(at.new))
                    .slot("member", t.to_string());
                self.out.add(c);
            }
        }
        true
    }

    pub fn signature(&mut self, path: &str, a: &Signature, b: &Signature, at: At) {
        if a == b {
            return;
        }
        // Parameters compare by position: new optional ones at the end are safe.
        let optional_added = b.params.len() > a.params.len()
            && b.params[a.params.len()..]
                .iter()
                .all(|p| p.optional || p.rest)
            && b.params[..a.params.len()] == a.params[..]
            && a.returns == b.returns
            && a.type_params == b.type_params;
        let c = self
            .change(
                "function-signature-changed",
                path,
                Some(at.old),
                Some(at.new),
            )
            .fact_if(optional_added, "optional-parameters-added")
            .slot("old", a.to_string())
            .slot("new", b.to_string());
        self.out.add(c);
    }
}

/// What a name declared as a type alias stands for.
fn alias<'s>(ty: &Ty, scope: &'s Scope) -> Option<&'s Ty> {
    let Ty::Named(name, args) = ty else {
        return None;
    };
    match &scope.get(name.as_str())?.body {
        Body::Alias(t) if args.is_empty() => Some(t),
        _ => None,
    }
}

/// Whether every value of `a` is a value of `b`, as far as can be told without a checker.
fn assignable(a: &Ty, b: &Ty) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (_, Ty::Named(n, args)) if args.is_empty() && matches!(n.as_str(), "any" | "unknown") => {
            true
        }
        (Ty::Named(n, _), _) if n == "never" => true,
        (Ty::Union(alts), _) => alts.iter().all(|t| assignable(t, b)),
        (_, Ty::Union(alts)) => alts.iter().any(|t| assignable(a, t)),
        (Ty::Literal(l), Ty::Named(n, args)) if args.is_empty() => match n.as_str() {
            "string" => l.starts_with('"'),
            "number" => l.parse::<f64>().is_ok(),
            "boolean" => l == "true" || l == "false",
            _ => false,
        },
        (
            Ty::Array {
                element: x,
                readonly: rx,
            },
            Ty::Array {
                element: y,
                readonly: ry,
            },
        ) => (!rx || *ry) && assignable(x, y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Ty {
        Ty::Literal(s.into())
    }

    #[test]
    fn literals_widen_to_their_primitive_and_unions_to_supersets() {
        let s = Ty::named("string");
        assert!(assignable(&lit("\"a\""), &s));
        assert!(!assignable(&s, &lit("\"a\"")));
        assert!(!assignable(&lit("1"), &s));
        let ab = Ty::union(vec![lit("\"a\""), lit("\"b\"")]);
        assert!(assignable(&lit("\"a\""), &ab));
        assert!(assignable(&ab, &s));
        assert!(!assignable(&ab, &lit("\"a\"")));
        let list = |t: Ty, readonly| Ty::Array {
            element: Box::new(t),
            readonly,
        };
        assert!(assignable(
            &list(lit("1"), false),
            &list(Ty::named("number"), true)
        ));
        assert!(!assignable(
            &list(Ty::named("number"), true),
            &list(Ty::named("number"), false)
        ));
    }
}
