//! TypeScript declarations as structure, so that two revisions compare member by member and
//! type by type: quote style, separators, comments and line breaks never make a change.

use std::fmt;

use crate::finding::Loc;

/// A type as written, normalised: unions and intersections flattened and ordered, parentheses
/// dropped, `Array<T>` read as `T[]`, string literals in double quotes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    /// `string`, `Foo`, `ns.Foo`, `Map<K, V>`: a name and its type arguments.
    Named(String, Vec<Ty>),
    /// `"a"`, `1`, `true`, `null`.
    Literal(String),
    Array {
        element: Box<Ty>,
        readonly: bool,
    },
    Tuple(Vec<Ty>),
    Union(Vec<Ty>),
    Intersection(Vec<Ty>),
    Object(Vec<Member>),
    Function(Box<Signature>),
    /// What is compared only as a whole (mapped, conditional and indexed types, `keyof`,
    /// `typeof`, template literals): its text, white space folded.
    Text(String),
    /// What the parser could not read (a half-written member in a doc): it compares equal
    /// to anything, so that no change is claimed from it.
    Unknown,
}

/// A member of an object type, interface or class.
#[derive(Debug, Clone)]
pub struct Member {
    /// The property's name; `[string]` for an index signature, `()` for a call signature,
    /// `new()` for a construct signature, `static name` for a class's static member.
    pub name: String,
    /// A method's type is a function type; overloads, an intersection of them.
    pub ty: Ty,
    pub optional: bool,
    pub readonly: bool,
    pub loc: Loc,
}

impl PartialEq for Member {
    fn eq(&self, other: &Self) -> bool {
        (&self.name, &self.ty, self.optional, self.readonly)
            == (&other.name, &other.ty, other.optional, other.readonly)
    }
}
impl Eq for Member {}
impl PartialOrd for Member {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Member {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.name, &self.ty, self.optional, self.readonly).cmp(&(
            &other.name,
            &other.ty,
            other.optional,
            other.readonly,
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Signature {
    pub type_params: Vec<TypeParam>,
    pub params: Vec<Param>,
    pub returns: Ty,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Param {
    pub name: String,
    pub ty: Ty,
    pub optional: bool,
    pub rest: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypeParam {
    pub name: String,
    pub constraint: Option<Ty>,
    pub default: Option<Ty>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumMember {
    pub name: String,
    /// The initializer's text, white space folded.
    pub value: Option<String>,
    pub loc: Loc,
}

/// An exported declaration, by its qualified name (`Outer.Inner` inside namespaces).
#[derive(Debug, Clone)]
pub struct Decl {
    pub name: String,
    pub type_params: Vec<TypeParam>,
    pub body: Body,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub enum Body {
    Interface {
        extends: Vec<Ty>,
        members: Vec<Member>,
    },
    Alias(Ty),
    /// Public and protected members; the constructor as a member named `constructor`.
    Class {
        extends: Vec<Ty>,
        members: Vec<Member>,
    },
    Enum {
        constant: bool,
        members: Vec<EnumMember>,
    },
    /// Its overloads in source order.
    Function(Vec<Signature>),
    /// `export const name: T`.
    Variable(Ty),
    /// The names of the constants it exports (a namespace used as an enum).
    Namespace(Vec<String>),
}

impl Body {
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Interface { .. } => "interface",
            Body::Alias(Ty::Object(_)) => "object type",
            Body::Alias(Ty::Union(m)) if m.iter().all(|t| matches!(t, Ty::Literal(_))) => {
                "union of literals"
            }
            Body::Alias(Ty::Union(_)) => "union",
            Body::Alias(_) => "type alias",
            Body::Class { .. } => "class",
            Body::Enum { .. } => "enum",
            Body::Function(_) => "function",
            Body::Variable(_) => "constant",
            Body::Namespace(_) => "namespace",
        }
    }
}

impl Ty {
    pub fn named(name: &str) -> Ty {
        Ty::Named(name.to_string(), Vec::new())
    }

    /// A union of `members`, flattened, ordered and deduplicated; one member stands alone.
    pub fn union(members: Vec<Ty>) -> Ty {
        Ty::flat(members, true)
    }

    pub fn intersection(members: Vec<Ty>) -> Ty {
        Ty::flat(members, false)
    }

    fn flat(members: Vec<Ty>, union: bool) -> Ty {
        let mut out = Vec::new();
        for m in members {
            match m {
                Ty::Union(inner) if union => out.extend(inner),
                Ty::Intersection(inner) if !union => out.extend(inner),
                other => out.push(other),
            }
        }
        out.sort();
        out.dedup();
        match out.len() {
            1 => out.pop().expect("one member"),
            _ if union => Ty::Union(out),
            _ => Ty::Intersection(out),
        }
    }

    /// The members of a union; a type that is no union is its one member.
    pub fn alternatives(&self) -> &[Ty] {
        match self {
            Ty::Union(m) => m,
            other => std::slice::from_ref(other),
        }
    }
}

fn list<T: fmt::Display>(f: &mut fmt::Formatter, items: &[T], sep: &str) -> fmt::Result {
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{t}")?;
    }
    Ok(())
}

/// Types print in one canonical form: what a message shows.
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Ty::Named(n, args) if args.is_empty() => f.write_str(n),
            Ty::Named(n, args) => {
                write!(f, "{n}<")?;
                list(f, args, ", ")?;
                f.write_str(">")
            }
            Ty::Literal(l) => f.write_str(l),
            Ty::Array { element, readonly } => {
                if *readonly {
                    f.write_str("readonly ")?;
                }
                match **element {
                    Ty::Union(_) | Ty::Intersection(_) | Ty::Function(_) => {
                        write!(f, "({element})[]")
                    }
                    _ => write!(f, "{element}[]"),
                }
            }
            Ty::Tuple(items) => {
                f.write_str("[")?;
                list(f, items, ", ")?;
                f.write_str("]")
            }
            Ty::Union(m) => list(f, m, " | "),
            Ty::Intersection(m) => list(f, m, " & "),
            Ty::Object(members) if members.is_empty() => f.write_str("{}"),
            Ty::Object(members) => {
                f.write_str("{ ")?;
                list(f, members, "; ")?;
                f.write_str(" }")
            }
            Ty::Function(sig) => write!(f, "{sig}"),
            Ty::Text(t) => f.write_str(t),
            Ty::Unknown => f.write_str("?"),
        }
    }
}

impl fmt::Display for Member {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.readonly {
            f.write_str("readonly ")?;
        }
        let optional = if self.optional { "?" } else { "" };
        write!(f, "{}{optional}: {}", self.name, self.ty)
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if !self.type_params.is_empty() {
            f.write_str("<")?;
            list(f, &self.type_params, ", ")?;
            f.write_str(">")?;
        }
        f.write_str("(")?;
        list(f, &self.params, ", ")?;
        write!(f, ") => {}", self.returns)
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let rest = if self.rest { "..." } else { "" };
        let optional = if self.optional { "?" } else { "" };
        write!(f, "{rest}{}{optional}: {}", self.name, self.ty)
    }
}

impl fmt::Display for TypeParam {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(c) = &self.constraint {
            write!(f, " extends {c}")?;
        }
        if let Some(d) = &self.default {
            write!(f, " = {d}")?;
        }
        Ok(())
    }
}
