//! An object type's members as code that uses it sees them: its own, those of the interfaces
//! and classes it extends and of the types it intersects, reshaped by the utility types
//! (`Partial`, `Required`, `Readonly`, `Pick`, `Omit`). Bases declared outside the compared
//! files stay opaque: they are compared by name.

use std::collections::BTreeMap;

use crate::formats::typescript::shape::{Body, Decl, Member, Ty};

/// Past this many hops through bases, a cycle or a pathological chain: stop resolving.
const MAX_DEPTH: usize = 16;

pub type Scope<'a> = BTreeMap<&'a str, &'a Decl>;

#[derive(Debug, Default)]
pub struct Object {
    pub members: Vec<Member>,
    /// Bases whose members are not in the files compared, by name.
    pub opaque: Vec<Ty>,
    /// Inherited members by name, and the declared base they came through.
    pub origin: BTreeMap<String, String>,
}

impl Object {
    /// Adds `other`'s members where no member of the name is there yet; `through` is the
    /// declared base they come from.
    fn inherit(&mut self, other: Object, through: Option<&str>) {
        for m in other.members {
            if !self.members.iter().any(|x| x.name == m.name) {
                if let Some(base) = through {
                    self.origin.insert(m.name.clone(), base.to_string());
                }
                self.members.push(m);
            }
        }
        self.opaque.extend(other.opaque);
    }

    fn sorted(mut self) -> Object {
        self.members.sort_by(|a, b| a.name.cmp(&b.name));
        self.opaque.sort();
        self.opaque.dedup();
        self
    }
}

/// The members of an interface, class or object-like alias; `None` for other declarations.
pub fn of_decl(d: &Decl, scope: &Scope) -> Option<Object> {
    decl(d, scope, 0).map(Object::sorted)
}

/// The members of an object-like type; `None` when `ty` is no object type.
pub fn of_type(ty: &Ty, scope: &Scope) -> Option<Object> {
    of_ty(ty, scope, 0).map(Object::sorted)
}

fn decl(d: &Decl, scope: &Scope, depth: usize) -> Option<Object> {
    match &d.body {
        Body::Interface { extends, members } | Body::Class { extends, members } => {
            let mut out = Object {
                members: members.clone(),
                ..Object::default()
            };
            for base in extends {
                let through = match base {
                    Ty::Named(n, _) if scope.contains_key(n.as_str()) => Some(n.as_str()),
                    _ => None,
                };
                match of_ty(base, scope, depth + 1) {
                    Some(o) => out.inherit(o, through),
                    None => out.opaque.push(base.clone()),
                }
            }
            Some(out)
        }
        Body::Alias(ty) => of_ty(ty, scope, depth + 1),
        _ => None,
    }
}

fn of_ty(ty: &Ty, scope: &Scope, depth: usize) -> Option<Object> {
    if depth > MAX_DEPTH {
        return None;
    }
    match ty {
        Ty::Object(members) => Some(Object {
            members: members.clone(),
            ..Object::default()
        }),
        Ty::Intersection(parts) => {
            let mut out = Object::default();
            let mut any = false;
            for p in parts {
                match of_ty(p, scope, depth + 1) {
                    Some(o) => {
                        any = true;
                        out.inherit(o, None);
                    }
                    None => out.opaque.push(p.clone()),
                }
            }
            any.then_some(out)
        }
        Ty::Named(name, args) => utility(name, args, scope, depth)
            .or_else(|| decl(scope.get(name.as_str())?, scope, depth + 1)),
        _ => None,
    }
}

fn utility(name: &str, args: &[Ty], scope: &Scope, depth: usize) -> Option<Object> {
    let inner = || of_ty(args.first()?, scope, depth + 1);
    let keys = || -> Option<Vec<String>> {
        args.get(1)?
            .alternatives()
            .iter()
            .map(|k| match k {
                Ty::Literal(l) if l.starts_with('"') => Some(l.trim_matches('"').to_string()),
                _ => None,
            })
            .collect()
    };
    let mut out = match (name, args.len()) {
        ("Partial" | "Required" | "Readonly", 1) => inner()?,
        ("Pick" | "Omit", 2) => {
            let (mut o, keys) = (inner()?, keys()?);
            let pick = name == "Pick";
            o.members.retain(|m| keys.contains(&m.name) == pick);
            o
        }
        _ => return None,
    };
    for m in &mut out.members {
        match name {
            "Partial" => m.optional = true,
            "Required" => m.optional = false,
            "Readonly" => m.readonly = true,
            _ => {}
        }
    }
    Some(out)
}
