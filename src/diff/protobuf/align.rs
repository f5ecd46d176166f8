//! Drift only: the doc's names brought to the implementation's before the sides are paired.
//! Design docs quote messages without their `package` line, or under a package the
//! implementation has since renamed; compared by fully-qualified name, every such message
//! would read as deleted and the real changes inside it would go unseen.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::Loc;

use super::Side;

/// What aligning found: packages of the doc that the implementation holds under another
/// name, and package-less names that more than one of its packages define.
#[derive(Default)]
pub struct Alignment {
    pub renamed: BTreeMap<String, String>,
    pub ambiguous: Vec<Ambiguous>,
    /// Package-less blocks none of whose names the implementation has: what they describe
    /// lies outside the specs given, so they are not compared (their place and names).
    pub outside: Vec<(Loc, Vec<String>)>,
    /// The doc's elements compared, and how many of them the implementation has.
    pub coverage: (usize, usize),
    /// The implementation's packages; empty outside drift.
    impl_packages: BTreeSet<String>,
    /// The old side is a doc's excerpts, not a revision of whole files.
    pub drift: bool,
}

/// A doc element compared with nothing, because its name fits several.
pub struct Ambiguous {
    pub name: String,
    pub loc: Loc,
    pub candidates: Vec<String>,
}

/// A name below its file's package: `Outer.Inner` of `acme.v1.Outer.Inner`.
fn relative<'k>(full: &'k str, package: &str) -> &'k str {
    if package.is_empty() {
        return full;
    }
    full.strip_prefix(package)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or(full)
}

/// The implementation's elements by relative name: the packages that define each.
fn index(n: &Side) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_name: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files = n.messages.iter().map(|(k, m)| (k, m.file));
    let files = files
        .chain(n.enums.iter().map(|(k, e)| (k, e.file)))
        .chain(n.services.iter().map(|(k, s)| (k, s.file)));
    for (full, file) in files {
        let package = n.files.get(file).map_or("", |f| f.package.as_str());
        by_name
            .entry(relative(full, package).to_string())
            .or_default()
            .insert(package.to_string());
    }
    by_name
}

/// Rewrites the doc side's keys to the implementation's names. A package-less name goes to
/// the one package that defines it (several: it is left out and reported). A package the
/// implementation lacks, whose names one other package holds for the most part (half or
/// more), is taken as renamed to it.
pub fn align(o: &mut Side, n: &Side) -> Alignment {
    // The excerpt reader's stand-ins (`message Fragment` around bare fields, `service
    // Fragment` around bare rpcs) name nothing the implementation could have.
    o.messages.retain(|k, _| !is_stand_in(k));
    o.services.retain(|k, _| !is_stand_in(k));
    let by_name = index(n);
    let impl_packages: BTreeSet<&str> = n.files.values().map(|f| f.package.as_str()).collect();
    let mut al = Alignment {
        impl_packages: impl_packages.iter().map(|p| p.to_string()).collect(),
        drift: true,
        ..Alignment::default()
    };
    al.renamed = renamed_packages(o, &by_name, &impl_packages);
    let packages: BTreeMap<String, String> = o
        .files
        .iter()
        .map(|(k, f)| (k.clone(), f.package.clone()))
        .collect();
    let home = home_package(o, &packages, &by_name);
    let mut rekey = |full: String, file: &str, loc: &Loc| -> Option<String> {
        let package = packages.get(file).map_or("", String::as_str);
        let rel = relative(&full, package).to_string();
        if let Some(q) = al.renamed.get(package) {
            return Some(join(q, &rel));
        }
        if !package.is_empty() || n.has(&full) {
            return Some(full);
        }
        let holders = by_name.get(&rel).map(|h| match &home {
            Some(home) if h.contains(home) => vec![home],
            _ => h.iter().collect::<Vec<_>>(),
        });
        match holders.as_deref() {
            Some([q]) => Some(join(q, &rel)),
            Some(many) if many.len() > 1 => {
                al.ambiguous.push(Ambiguous {
                    name: full,
                    loc: loc.clone(),
                    candidates: many.iter().map(|q| join(q, &rel)).collect(),
                });
                None
            }
            _ => Some(full),
        }
    };
    o.messages = std::mem::take(&mut o.messages)
        .into_iter()
        .filter_map(|(k, m)| Some((rekey(k, m.file, &m.loc)?, m)))
        .collect();
    hold_placeholders_by_name(o, n);
    o.enums = std::mem::take(&mut o.enums)
        .into_iter()
        .filter_map(|(k, e)| Some((rekey(k, e.file, &e.loc)?, e)))
        .collect();
    o.services = std::mem::take(&mut o.services)
        .into_iter()
        .filter_map(|(k, s)| Some((rekey(k, s.file, &s.loc)?, s)))
        .collect();
    set_apart_outside(o, n, &packages, &mut al);
    let keys = o
        .messages
        .keys()
        .chain(o.enums.keys())
        .chain(o.services.keys());
    let (compared, found) = keys.fold((0, 0), |(c, f), k| (c + 1, f + usize::from(n.has(k))));
    al.coverage = (compared, found);
    al
}

/// A field numbered by a placeholder (`= ?`) promises its name, not a number: it is held to
/// the implementation's field of that name.
fn hold_placeholders_by_name(o: &mut Side, n: &Side) {
    for (key, m) in o.messages.iter_mut() {
        let Some(theirs) = n.messages.get(key) else {
            continue;
        };
        m.fields = std::mem::take(&mut m.fields)
            .into_iter()
            .map(|(number, f)| {
                let named = crate::formats::protobuf::is_placeholder_number(number)
                    .then(|| theirs.fields.iter().find(|(_, g)| g.d.name() == f.d.name()))
                    .flatten();
                (named.map_or(number, |(n, _)| *n), f)
            })
            .collect();
    }
}

/// A package-less block whose every name the implementation lacks describes something the
/// specs given do not hold (another service's config, a message of a file not passed): its
/// names are not reported one by one as deleted.
fn set_apart_outside(
    o: &mut Side,
    n: &Side,
    packages: &BTreeMap<String, String>,
    al: &mut Alignment,
) {
    let mut by_file: BTreeMap<&str, (bool, Vec<String>)> = BTreeMap::new();
    let names = o
        .messages
        .iter()
        .map(|(k, m)| (k, m.file))
        .chain(o.enums.iter().map(|(k, e)| (k, e.file)))
        .chain(o.services.iter().map(|(k, s)| (k, s.file)));
    for (key, file) in names {
        if packages.get(file).is_some_and(|p| !p.is_empty()) {
            continue;
        }
        let entry = by_file.entry(file).or_default();
        entry.0 |= n.has(key);
        if !key.contains('.') {
            entry.1.push(key.clone());
        }
    }
    let outside: BTreeMap<String, Vec<String>> = by_file
        .into_iter()
        .filter(|(_, (matched, _))| !matched)
        .map(|(f, (_, names))| (f.to_string(), names))
        .collect();
    if outside.is_empty() {
        return;
    }
    for (file, names) in &outside {
        if let Some(f) = o.files.get(file) {
            al.outside.push((f.loc.clone(), names.clone()));
        }
    }
    o.messages.retain(|_, m| !outside.contains_key(m.file));
    o.enums.retain(|_, e| !outside.contains_key(e.file));
    o.services.retain(|_, s| !outside.contains_key(s.file));
}

/// The doc's packages the implementation lacks, each to the package it was renamed to: the
/// one sharing most of its tail (`tendermint.services.block.v1` became
/// `cometbft.services.block.v1`), then holding most of its names; a tie renames nothing.
fn renamed_packages(
    o: &Side,
    by_name: &BTreeMap<String, BTreeSet<String>>,
    impl_packages: &BTreeSet<&str>,
) -> BTreeMap<String, String> {
    let mut renamed = BTreeMap::new();
    let mut doc_names: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (full, file) in o.messages.iter().map(|(k, m)| (k, m.file)).chain(
        o.enums
            .iter()
            .map(|(k, e)| (k, e.file))
            .chain(o.services.iter().map(|(k, s)| (k, s.file))),
    ) {
        let package = o.files.get(file).map_or("", |f| f.package.as_str());
        if !package.is_empty() && !impl_packages.contains(package) {
            doc_names
                .entry(package)
                .or_default()
                .push(relative(full, package).to_string());
        }
    }
    for (package, names) in &doc_names {
        let mut held: BTreeMap<&str, usize> = BTreeMap::new();
        for r in names {
            for q in by_name.get(r).into_iter().flatten() {
                *held.entry(q.as_str()).or_default() += 1;
            }
        }
        let score = |q: &str| (shared_tail(package, q), held[q]);
        let best = held.keys().map(|q| (score(q), *q)).max();
        let tie = best.is_some_and(|(sc, q)| held.keys().any(|p| *p != q && score(p) == sc));
        if let Some(((tail, count), q)) = best
            && !tie
            && (tail >= 2 || count * 2 >= names.len())
        {
            renamed.insert(package.to_string(), q.to_string());
        }
    }
    renamed
}

/// The package that holds most of the doc's package-less names, if one does: a doc's
/// excerpts are of one API, so a name that package defines is taken from it, even where an
/// imported file defines the same name too.
fn home_package(
    o: &Side,
    packages: &BTreeMap<String, String>,
    by_name: &BTreeMap<String, BTreeSet<String>>,
) -> Option<String> {
    let package_less = o
        .messages
        .iter()
        .map(|(k, m)| (k, m.file))
        .chain(o.enums.iter().map(|(k, e)| (k, e.file)))
        .chain(o.services.iter().map(|(k, s)| (k, s.file)))
        .filter(|(_, file)| packages.get(*file).is_none_or(String::is_empty));
    let mut held: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, _) in package_less {
        for q in by_name.get(name.as_str()).into_iter().flatten() {
            *held.entry(q.as_str()).or_default() += 1;
        }
    }
    let most = held.values().copied().max()?;
    let mut top = held.iter().filter(|(_, c)| **c == most);
    let (q, _) = top.next()?;
    top.next().is_none().then(|| q.to_string())
}

/// `Fragment`, `Fragment2`, … at the top of a name, under any package.
fn is_stand_in(full: &str) -> bool {
    full.split('.').any(|part| {
        part.strip_prefix(crate::formats::protobuf::WRAPPER_SERVICE)
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
    })
}

/// How many trailing dotted parts two package names share.
fn shared_tail(a: &str, b: &str) -> usize {
    a.rsplit('.')
        .zip(b.rsplit('.'))
        .take_while(|(x, y)| x == y)
        .count()
}

fn join(package: &str, rel: &str) -> String {
    if package.is_empty() {
        rel.to_string()
    } else {
        format!("{package}.{rel}")
    }
}

impl Alignment {
    /// In drift, a type the doc names in a package the implementation does not have at all
    /// (`tendermint.types.BlockID` against `cometbft.types.v1.BlockID`) is that package's
    /// type under its new name: the same type when the names agree.
    pub fn moved_type(&self, old: &str, new: &str) -> bool {
        let (Some((op, on)), Some((_, nn))) = (old.rsplit_once('.'), new.rsplit_once('.')) else {
            return false;
        };
        on == nn
            && !self.impl_packages.is_empty()
            && !self.impl_packages.contains(op)
            && !self
                .impl_packages
                .iter()
                .any(|p| op.starts_with(&format!("{p}.")))
    }

    /// A type name as the doc wrote it, in the implementation's package where the doc's
    /// package was renamed.
    pub fn type_name<'t>(&self, t: &'t str) -> std::borrow::Cow<'t, str> {
        for (from, to) in &self.renamed {
            if let Some(rest) = t.strip_prefix(from.as_str())
                && rest.starts_with('.')
            {
                return format!("{to}{rest}").into();
            }
        }
        t.into()
    }
}
