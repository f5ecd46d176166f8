//! GraphQL changes by schema coordinate, as GraphQL Inspector classifies them. The two
//! schemas are paired into a tree of changes (types, then their fields, values, members and
//! interfaces, then arguments); small rule functions read it. Whether a change breaks
//! clients depends on its position: output fields may gain `!`, inputs and arguments may lose
//! it. That, and every level, is in the rule files.

use crate::analyze::Analysis;
use crate::finding::{Finding, Loc};
use crate::formats::graphql::model::{Arg, Directive, Field, Marks, Schema, Type, Usage, Value};
use crate::rules::Category;

use super::change::{Change, Report};
use super::pair::{Delta, Located, pair};

impl Located for Type {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}
impl Located for Field {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}
impl Located for Usage {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

impl Located for Arg {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}
impl Located for Value {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}
impl Located for Directive {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

/// One side: its blocks' schemas merged, and where a change to the schema as a whole is shown.
struct Side {
    schema: Schema,
    anchor: Option<Loc>,
}

fn side(analyses: &[&Analysis]) -> Side {
    let mut schema = Schema::default();
    let mut anchor = None;
    for a in analyses {
        for (b, s) in &a.graphql {
            anchor.get_or_insert_with(|| a.doc.blocks[*b].start_loc(&a.source.display));
            schema.merge(s);
        }
    }
    schema.default_roots();
    Side { schema, anchor }
}

/// How many of the old side's types the new side has: (compared, found).
pub fn coverage(old: &[&Analysis], new: &[&Analysis]) -> (usize, usize) {
    let (o, n) = (side(old), side(new));
    let found = o
        .schema
        .types
        .keys()
        .filter(|k| n.schema.types.contains_key(*k));
    (o.schema.types.len(), found.count())
}

type Types<'a> = Delta<'a, String, Type>;
type Fields<'a> = Delta<'a, String, Field>;
type Args<'a> = Delta<'a, String, Arg>;

/// A type on both sides, with its parts paired.
struct TypeChange<'a> {
    t: Types<'a>,
    fields: Vec<FieldChange<'a>>,
    values: Vec<Delta<'a, String, Value>>,
    members: Vec<Delta<'a, String, Loc>>,
    interfaces: Vec<Delta<'a, String, Loc>>,
}

struct FieldChange<'a> {
    f: Fields<'a>,
    args: Vec<Args<'a>>,
}

impl TypeChange<'_> {
    fn name(&self) -> &str {
        self.t.key
    }

    fn position(&self) -> &'static str {
        match self.t.old.map(|t| t.kind) {
            Some("input") => "input",
            _ => "output",
        }
    }
}

/// Pairs the two schemas' types, and the parts of each type of the same kind on both sides.
fn tree<'a>(o: &'a Side, n: &'a Side) -> Vec<TypeChange<'a>> {
    let types = pair(&o.schema.types, &n.schema.types, n.anchor.as_ref());
    types
        .into_iter()
        .map(|t| {
            let mut c = TypeChange {
                t,
                fields: Vec::new(),
                values: Vec::new(),
                members: Vec::new(),
                interfaces: Vec::new(),
            };
            if let Some((ot, nt)) = c.t.both().filter(|(a, b)| a.kind == b.kind) {
                let fields = pair(&ot.fields, &nt.fields, Some(&nt.loc));
                c.fields = fields
                    .into_iter()
                    .map(|f| {
                        let args = match f.both() {
                            Some((of, nf)) => pair(&of.args, &nf.args, Some(&nf.loc)),
                            None => Vec::new(),
                        };
                        FieldChange { f, args }
                    })
                    .collect();
                c.values = pair(&ot.values, &nt.values, Some(&nt.loc));
                c.members = pair(&ot.members, &nt.members, Some(&nt.loc));
                c.interfaces = pair(&ot.interfaces, &nt.interfaces, Some(&nt.loc));
            }
            c
        })
        .collect()
}

pub fn diff(old: &[&Analysis], new: &[&Analysis], soften_deprecated: bool) -> Vec<Finding> {
    let (o, n) = (side(old), side(new));
    let mut out = Report::new("graphql", Category::WireJson);
    if !soften_deprecated {
        out.ignore_fact("deprecated");
    }
    roots(&o, &n, &mut out);
    for t in tree(&o, &n) {
        for rule in TYPE_RULES {
            rule(&t, &mut out);
        }
        for f in &t.fields {
            for rule in FIELD_RULES {
                rule(&t, f, &mut out);
            }
            for a in &f.args {
                for rule in ARGUMENT_RULES {
                    rule(&t, f, a, &mut out);
                }
            }
        }
    }
    for d in pair(
        &o.schema.directives,
        &n.schema.directives,
        n.anchor.as_ref(),
    ) {
        for rule in DIRECTIVE_RULES {
            rule(&d, &mut out);
        }
    }
    schema_marks(&o, &n, &mut out);
    // A field the new revision defines twice is an error of the change, unless the base
    // revision had it too.
    let had = |f: &Finding| o.schema.duplicates.iter().any(|d| d.subject == f.subject);
    let mut findings: Vec<Finding> = n
        .schema
        .duplicates
        .iter()
        .filter(|f| !had(f))
        .cloned()
        .collect();
    findings.extend(out.findings);
    findings
}

fn roots(o: &Side, n: &Side, out: &mut Report) {
    for (root, name) in &o.schema.roots {
        let was = o.schema.types.get(name).map(|t| &t.loc);
        let now = n.schema.roots.get(root);
        if now == Some(name) {
            continue;
        }
        let at = now
            .and_then(|t| n.schema.types.get(t))
            .map(|t| &t.loc)
            .or(n.anchor.as_ref());
        out.add(
            Change::new("schema-root-changed", was, at, *root)
                .fact_if(now.is_none(), "removed")
                .slot("root", *root)
                .slot("old", name)
                .slot("new", now.cloned().unwrap_or_default()),
        );
    }
}

type Directives<'a> = Delta<'a, String, Directive>;
type DirectiveRule = fn(&Directives, &mut Report);

const DIRECTIVE_RULES: &[DirectiveRule] = &[
    directive_removed_or_added,
    directive_location_removed,
    directive_location_added,
    directive_repeatable_changed,
    directive_description_changed,
    directive_arguments,
];

fn directive_repeatable_changed(d: &Directives, out: &mut Report) {
    if let Some((od, nd)) = d.both().filter(|(a, b)| a.repeatable != b.repeatable) {
        let c = directive_change(d, "directive-repeatable-changed");
        out.add(c.fact_if(od.repeatable && !nd.repeatable, "removed"));
    }
}

fn directive_description_changed(d: &Directives, out: &mut Report) {
    if d.both()
        .is_some_and(|(a, b)| a.description != b.description)
    {
        let coord = format!("@{}", d.key);
        out.add(
            directive_change(d, "description-changed")
                .fact("directive")
                .slot("coord", coord),
        );
    }
}

/// A directive definition's arguments, judged as a field's arguments are: every use of the
/// directive passes them.
fn directive_arguments(d: &Directives, out: &mut Report) {
    let Some((od, nd)) = d.both() else { return };
    for a in pair(&od.args, &nd.args, Some(&nd.loc)) {
        let change = |what| {
            Change::new(
                what,
                a.old_loc().or(Some(&od.loc)),
                a.at,
                format!("@{}({}:)", d.key, a.key),
            )
            .slot("name", format!("@{}", d.key))
            .slot("argument", a.key)
        };
        match (a.old, a.new) {
            (Some(_), None) => out.add(change("directive-argument-removed")),
            (None, Some(na)) => {
                let required = na.ty.ends_with('!') && na.default.is_none();
                out.add(change("directive-argument-added").fact_if(required, "required"));
            }
            (Some(oa), Some(na)) => {
                let coord = format!("@{}({}:)", d.key, a.key);
                let at = (&oa.loc, &na.loc);
                marks("argument", &coord, &oa.marks, &na.marks, at, out);
                if let Some(only) = type_change(&oa.ty, &na.ty) {
                    let c = change("directive-argument-type-changed")
                        .slot("old", &oa.ty)
                        .slot("new", &na.ty);
                    out.add(match only {
                        Some(fact) => c.fact(fact),
                        None => c,
                    });
                }
                if oa.default != na.default {
                    let c = change("directive-argument-default-changed");
                    out.add(
                        c.slot("old", none_or(&oa.default))
                            .slot("new", none_or(&na.default)),
                    );
                }
            }
            (None, None) => {}
        }
    }
}

fn directive_change(d: &Directives, what: &'static str) -> Change {
    let coord = format!("@{}", d.key);
    Change::new(what, d.old_loc(), d.at, &coord).slot("name", coord)
}

fn directive_removed_or_added(d: &Directives, out: &mut Report) {
    if d.removed().is_some() {
        out.add(directive_change(d, "directive-removed"));
    } else if d.added().is_some() {
        out.add(directive_change(d, "directive-added"));
    }
}

fn directive_location_removed(d: &Directives, out: &mut Report) {
    let Some((od, nd)) = d.both() else { return };
    for l in od
        .locations
        .keys()
        .filter(|l| !nd.locations.contains_key(*l))
    {
        out.add(directive_change(d, "directive-location-removed").slot("location", l));
    }
}

fn directive_location_added(d: &Directives, out: &mut Report) {
    let Some((od, nd)) = d.both() else { return };
    for l in nd
        .locations
        .keys()
        .filter(|l| !od.locations.contains_key(*l))
    {
        out.add(directive_change(d, "directive-location-added").slot("location", l));
    }
}

type TypeRule = fn(&TypeChange, &mut Report);
type FieldRule = fn(&TypeChange, &FieldChange, &mut Report);
type ArgumentRule = fn(&TypeChange, &FieldChange, &Args, &mut Report);

const TYPE_RULES: &[TypeRule] = &[
    type_removed_or_added,
    type_kind_changed,
    type_marks,
    enum_values,
    union_members,
    interfaces,
];

const FIELD_RULES: &[FieldRule] = &[
    field_removed_or_added,
    field_type_changed,
    field_default_changed,
    field_marks,
];

const ARGUMENT_RULES: &[ArgumentRule] = &[
    argument_removed_or_added,
    argument_type_changed,
    argument_default_changed,
    argument_marks,
];

fn argument_marks(c: &TypeChange, f: &FieldChange, a: &Args, out: &mut Report) {
    if let Some((oa, na)) = a.both() {
        let coord = format!("{}({}:)", coord(c, f), a.key);
        marks(
            "argument",
            &coord,
            &oa.marks,
            &na.marks,
            (&oa.loc, &na.loc),
            out,
        );
    }
}

fn type_removed_or_added(c: &TypeChange, out: &mut Report) {
    let (t, name) = (&c.t, c.name());
    let what = if t.removed().is_some() {
        "type-removed"
    } else if t.added().is_some() {
        "type-added"
    } else {
        return;
    };
    out.add(Change::new(what, t.old_loc(), t.at, name).slot("name", name));
}

fn type_kind_changed(c: &TypeChange, out: &mut Report) {
    if let Some((ot, nt)) = c.t.both().filter(|(a, b)| a.kind != b.kind) {
        out.add(
            Change::new("type-kind-changed", Some(&ot.loc), Some(&nt.loc), c.name())
                .slot("name", c.name())
                .slot("old", ot.kind)
                .slot("new", nt.kind),
        );
    }
}

/// A type's description and the directives applied to it; `@oneOf` on an input is its own
/// change.
fn type_marks(c: &TypeChange, out: &mut Report) {
    let Some((ot, nt)) = c.t.both().filter(|(a, b)| a.kind == b.kind) else {
        return;
    };
    let one_of = |t: &Type| t.kind == "input" && t.directives.contains_key("oneOf");
    let plain = |t: &Type| {
        let mut d = t.directives.clone();
        if t.kind == "input" {
            d.remove("oneOf");
        }
        Marks {
            description: t.description.clone(),
            deprecation: None,
            directives: d,
        }
    };
    marks(
        "type",
        c.name(),
        &plain(ot),
        &plain(nt),
        (&ot.loc, &nt.loc),
        out,
    );
    let what = match (one_of(ot), one_of(nt)) {
        (false, true) => "one-of-added",
        (true, false) => "one-of-removed",
        _ => return,
    };
    out.add(Change::new(what, Some(&ot.loc), Some(&nt.loc), c.name()).slot("name", c.name()));
}

/// What every element carries beside its type: description, deprecation and applied
/// directives, each change its own finding.
fn marks(
    kind: &'static str,
    coord: &str,
    o: &Marks,
    n: &Marks,
    (old_at, new_at): (&Loc, &Loc),
    out: &mut Report,
) {
    let change = |what| {
        Change::new(what, Some(old_at), Some(new_at), coord)
            .fact(kind)
            .slot("coord", coord)
    };
    if o.description != n.description {
        out.add(change("description-changed"));
    }
    match (&o.deprecation, &n.deprecation) {
        (None, Some(_)) => out.add(change("deprecated")),
        (Some(_), None) => out.add(change("deprecation-removed")),
        (Some(a), Some(b)) if a != b => out.add(
            change("deprecation-reason-changed")
                .slot("old", a)
                .slot("new", b),
        ),
        _ => {}
    }
    for d in pair(&o.directives, &n.directives, Some(new_at)) {
        let what = match (d.removed(), d.added(), d.both()) {
            (Some(_), _, _) => "directive-usage-removed",
            (_, Some(_), _) => "directive-usage-added",
            (_, _, Some((a, b))) => {
                usage_arguments(kind, coord, d.key, a, b, out);
                continue;
            }
            _ => continue,
        };
        let c = Change::new(
            what,
            d.old_loc().or(Some(old_at)),
            d.at,
            format!("{coord}@{}", d.key),
        );
        out.add(c.fact(kind).slot("coord", coord).slot("directive", d.key));
    }
}

/// Directives applied to the `schema` definition, placed there, else at the first block.
fn schema_marks(o: &Side, n: &Side, out: &mut Report) {
    let (Some(old_at), Some(new_at)) = (
        o.schema.schema_loc.as_ref().or(o.anchor.as_ref()),
        n.schema.schema_loc.as_ref().or(n.anchor.as_ref()),
    ) else {
        return;
    };
    let mark = |s: &Schema| Marks {
        description: None,
        deprecation: None,
        directives: s.applied.clone(),
    };
    let at = (old_at, new_at);
    marks(
        "schema",
        "schema",
        &mark(&o.schema),
        &mark(&n.schema),
        at,
        out,
    );
}

/// The arguments of a directive applied on both sides: gateways and federation read their
/// values, so one removed or changed is dangerous, one added safe.
fn usage_arguments(
    kind: &'static str,
    coord: &str,
    directive: &str,
    a: &Usage,
    b: &Usage,
    out: &mut Report,
) {
    let names: std::collections::BTreeSet<&String> = a.args.keys().chain(b.args.keys()).collect();
    for name in names {
        let (fact, old, new) = match (a.args.get(name), b.args.get(name)) {
            (Some(x), None) => ("removed", x.as_str(), "none"),
            (None, Some(y)) => ("added", "none", y.as_str()),
            (Some(x), Some(y)) if x != y => ("changed", x.as_str(), y.as_str()),
            _ => continue,
        };
        let c = Change::new(
            "directive-usage-argument-changed",
            Some(&a.loc),
            Some(&b.loc),
            format!("{coord}@{directive}({name}:)"),
        )
        .fact(kind)
        .fact(fact)
        .slot("coord", coord)
        .slot("directive", directive)
        .slot("argument", name.as_str())
        .slot("old", old)
        .slot("new", new);
        out.add(c);
    }
}

fn enum_values(c: &TypeChange, out: &mut Report) {
    for v in &c.values {
        let coord = format!("{}.{}", c.name(), v.key);
        let change = |what| {
            Change::new(what, v.old_loc(), v.at, &coord)
                .slot("name", c.name())
                .slot("value", v.key)
                .slot("coord", &coord)
        };
        if let Some(ov) = v.removed() {
            out.add(change("enum-value-removed").fact_if(ov.deprecated, "deprecated"));
        } else if v.added().is_some() {
            let added = Change::new("enum-value-added", c.t.old_loc(), v.at, &coord);
            out.add(added.slot("name", c.name()).slot("value", v.key));
        } else if let Some((ov, nv)) = v.both() {
            let at = (&ov.loc, &nv.loc);
            marks("enum-value", &coord, &ov.marks, &nv.marks, at, out);
        }
    }
}

/// Members of a union and interfaces of a type: each added or removed.
fn listed(
    c: &TypeChange,
    list: &[Delta<String, Loc>],
    removed: &'static str,
    added: &'static str,
    out: &mut Report,
) {
    for m in list {
        let what = match (m.removed(), m.added()) {
            (Some(_), _) => removed,
            (_, Some(_)) => added,
            _ => continue,
        };
        let (old_at, new_at) = c.t.both().map(|(a, b)| (&a.loc, &b.loc)).unzip();
        out.add(
            Change::new(what, old_at, new_at, format!("{}.{}", c.name(), m.key))
                .slot("name", c.name())
                .slot("member", m.key),
        );
    }
}

fn union_members(c: &TypeChange, out: &mut Report) {
    listed(
        c,
        &c.members,
        "union-member-removed",
        "union-member-added",
        out,
    );
}

fn interfaces(c: &TypeChange, out: &mut Report) {
    listed(
        c,
        &c.interfaces,
        "interface-removed",
        "interface-added",
        out,
    );
}

fn coord(c: &TypeChange, f: &FieldChange) -> String {
    format!("{}.{}", c.name(), f.f.key)
}

fn field_removed_or_added(c: &TypeChange, f: &FieldChange, out: &mut Report) {
    let coord = coord(c, f);
    let old_at = f.f.old_loc().or(c.t.old_loc());
    let change = |what| {
        Change::new(what, old_at, f.f.at, &coord)
            .fact(c.position())
            .slot("coord", &coord)
    };
    if let Some(of) = f.f.removed() {
        out.add(change("field-removed").fact_if(of.deprecated, "deprecated"));
    } else if let Some(nf) = f.f.added() {
        out.add(added(change("field-added"), &nf.ty, &nf.default));
    }
}

/// An input value added: `required` when it must be sent, `has-default` when the server now
/// assumes a value for callers that never send it.
fn added(c: Change, ty: &str, default: &Option<String>) -> Change {
    c.fact_if(ty.ends_with('!') && default.is_none(), "required")
        .fact_if(default.is_some(), "has-default")
}

/// How a type changed when only its `!`s did: `T` -> `T!` never returns null (safe for an
/// output), `T!` -> `T` accepts null (safe for an input).
fn nullability(old: &str, new: &str) -> Option<&'static str> {
    let strip = |t: &str| t.replace('!', "");
    if old == new || strip(old) != strip(new) {
        return None;
    }
    if bangs_within(old, new) {
        Some("gained-non-null")
    } else if bangs_within(new, old) {
        Some("lost-non-null")
    } else {
        None
    }
}

/// Every `!` of `a` is also in `b`, after the same characters.
fn bangs_within(a: &str, b: &str) -> bool {
    let marks = |t: &str| -> Vec<usize> {
        let mut pos = 0;
        let mut out = Vec::new();
        for c in t.chars() {
            if c == '!' {
                out.push(pos);
            } else {
                pos += 1;
            }
        }
        out
    };
    let (ma, mb) = (marks(a), marks(b));
    ma.iter().all(|p| mb.contains(p))
}

/// A field's type that an excerpt left out compares with nothing.
fn elided(ty: &str) -> bool {
    ty.contains("__Elided")
}

fn type_change(old: &str, new: &str) -> Option<Option<&'static str>> {
    (old != new && !elided(old) && !elided(new)).then(|| nullability(old, new))
}

fn field_type_changed(c: &TypeChange, f: &FieldChange, out: &mut Report) {
    let Some((of, nf)) = f.f.both() else { return };
    if let Some(only) = type_change(&of.ty, &nf.ty) {
        let coord = coord(c, f);
        let mut ch = Change::new("field-type-changed", Some(&of.loc), Some(&nf.loc), &coord)
            .fact(c.position());
        if let Some(fact) = only {
            ch = ch.fact(fact);
        }
        out.add(
            ch.slot("coord", coord)
                .slot("old", &of.ty)
                .slot("new", &nf.ty),
        );
    }
}

fn none_or(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "none".to_string())
}

fn field_default_changed(c: &TypeChange, f: &FieldChange, out: &mut Report) {
    let Some((of, nf)) = f.f.both() else { return };
    if c.position() == "input" && of.default != nf.default {
        let coord = coord(c, f);
        out.add(
            Change::new(
                "default-value-changed",
                Some(&of.loc),
                Some(&nf.loc),
                &coord,
            )
            .slot("coord", coord)
            .slot("old", none_or(&of.default))
            .slot("new", none_or(&nf.default)),
        );
    }
}

fn field_marks(c: &TypeChange, f: &FieldChange, out: &mut Report) {
    if let Some((of, nf)) = f.f.both() {
        marks(
            "field",
            &coord(c, f),
            &of.marks,
            &nf.marks,
            (&of.loc, &nf.loc),
            out,
        );
    }
}

fn argument(c: &TypeChange, f: &FieldChange, a: &Args, what: &'static str) -> Change {
    let field = coord(c, f);
    let old_at = a.old_loc().or(f.f.old_loc());
    Change::new(what, old_at, a.at, format!("{field}({}:)", a.key))
        .slot("coord", field)
        .slot("name", a.key)
}

fn argument_removed_or_added(c: &TypeChange, f: &FieldChange, a: &Args, out: &mut Report) {
    if let Some(oa) = a.removed() {
        let deprecated = oa.marks.deprecation.is_some();
        out.add(argument(c, f, a, "argument-removed").fact_if(deprecated, "deprecated"));
    } else if let Some(na) = a.added() {
        out.add(added(
            argument(c, f, a, "argument-added"),
            &na.ty,
            &na.default,
        ));
    }
}

fn argument_type_changed(c: &TypeChange, f: &FieldChange, a: &Args, out: &mut Report) {
    let Some((oa, na)) = a.both() else { return };
    if let Some(only) = type_change(&oa.ty, &na.ty) {
        let mut ch = argument(c, f, a, "argument-type-changed");
        if let Some(fact) = only {
            ch = ch.fact(fact);
        }
        out.add(ch.slot("old", &oa.ty).slot("new", &na.ty));
    }
}

fn argument_default_changed(c: &TypeChange, f: &FieldChange, a: &Args, out: &mut Report) {
    let Some((oa, na)) = a.both() else { return };
    if oa.default != na.default {
        out.add(
            argument(c, f, a, "default-value-changed")
                .fact("argument")
                .slot("old", none_or(&oa.default))
                .slot("new", none_or(&na.default)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::nullability;

    #[test]
    fn gaining_non_null_is_told_apart() {
        assert_eq!(nullability("String", "String!"), Some("gained-non-null"));
        assert_eq!(
            nullability("[String]", "[String!]!"),
            Some("gained-non-null")
        );
        assert_eq!(nullability("String!", "String"), Some("lost-non-null"));
        assert_eq!(nullability("String", "Int!"), None);
        assert_eq!(nullability("[String!]", "[String]!"), None);
    }
}
