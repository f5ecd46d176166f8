//! What changes file by file: a file's options and syntax, a named file deleted, a package
//! no file declares any more, and elements that moved between files of a package (FILE
//! breaks only; everything below FILE compares the pooled revision).

use std::collections::BTreeSet;

use crate::formats::protobuf::features::Options;

use super::{Change, Delta, File, Report, Side, Sides, pair};

/// The file options buf compares, with the value an unset option has.
const FILE_OPTIONS: &[(&str, &str)] = &[
    ("go_package", ""),
    ("java_package", ""),
    ("java_multiple_files", "false"),
    ("java_outer_classname", ""),
    ("csharp_namespace", ""),
    ("objc_class_prefix", ""),
    ("php_class_prefix", ""),
    ("php_namespace", ""),
    ("php_metadata_namespace", ""),
    ("ruby_package", ""),
    ("swift_prefix", ""),
    ("optimize_for", "SPEED"),
    ("cc_enable_arenas", "true"),
    ("cc_generic_services", "false"),
    ("java_generic_services", "false"),
    ("py_generic_services", "false"),
];

/// `excerpts`: the old side is a doc, which shows a part of each file. What it leaves out
/// (an option, a file, a package's other files) is not taken as deleted.
pub(super) fn compare(o: &Side, n: &Side, excerpts: bool, out: &mut Report) {
    for f in pair(&o.files, &n.files, None) {
        match f.both() {
            Some((of, nf)) => {
                options(f.key, of, nf, excerpts, out);
                syntax(f.key, of, nf, out);
            }
            None if !excerpts => deleted(&f, n, out),
            None => {}
        }
    }
    if !excerpts {
        packages(o, n, out);
    }
}

fn shown(options: &Options, name: &str, unset: &str) -> String {
    match options.get(name) {
        Some(v) if unset.is_empty() || !matches!(unset, "true" | "false" | "SPEED") => {
            format!("\"{v}\"")
        }
        Some(v) => v.clone(),
        None if unset.is_empty() => "unset".into(),
        None => format!("{unset} (unset)"),
    }
}

fn options(file: &str, of: &File, nf: &File, excerpts: bool, out: &mut Report) {
    let (oo, no) = (&of.el.file_options, &nf.el.file_options);
    for &(name, unset) in FILE_OPTIONS {
        if excerpts && oo.get(name).is_none() {
            continue;
        }
        let value = |o: &Options| o.get(name).cloned().unwrap_or_else(|| unset.to_string());
        if value(oo) == value(no) {
            continue;
        }
        let old_at = of.el.file_option_locs.get(name).unwrap_or(&of.loc);
        let new_at = nf.el.file_option_locs.get(name).unwrap_or(&nf.loc);
        out.add(
            Change::new("file-option-changed", Some(old_at), Some(new_at), file)
                .slot("file", file)
                .slot("option", name)
                .slot("old", shown(oo, name, unset))
                .slot("new", shown(no, name, unset)),
        );
    }
}

fn syntax(file: &str, of: &File, nf: &File, out: &mut Report) {
    let (Some(os), Some(ns)) = (of.el.syntax, nf.el.syntax) else {
        return;
    };
    // An edition bump changes defaults element by element, which is where it is reported.
    if os != ns && !(os.is_edition() && ns.is_edition()) {
        let old_at = of.el.syntax_loc.as_ref().unwrap_or(&of.loc);
        let new_at = nf.el.syntax_loc.as_ref().unwrap_or(&nf.loc);
        out.add(
            Change::new("syntax-changed", Some(old_at), Some(new_at), file)
                .slot("file", file)
                .slot("old", os.name())
                .slot("new", ns.name()),
        );
    }
}

fn deleted(f: &Delta<String, File>, n: &Side, out: &mut Report) {
    let Some(of) = f.removed().filter(|of| of.named) else {
        return;
    };
    let at = n.files.values().next().map(|x| &x.loc);
    out.add(Change::new("file-deleted", Some(&of.loc), at, f.key).slot("file", f.key));
}

fn packages(o: &Side, n: &Side, out: &mut Report) {
    let kept: BTreeSet<&str> = n.files.values().map(|f| f.package.as_str()).collect();
    let mut said = BTreeSet::new();
    for of in o.files.values() {
        let p = of.package.as_str();
        // A file moved to another package says so (`package-changed`, FILE); the package
        // it leaves empty is gone for its users all the same.
        if kept.contains(p) || !said.insert(p) {
            continue;
        }
        let at = n.files.values().next().map(|x| &x.loc);
        let change = Change::new("package-deleted", Some(&of.loc), at, p).slot("package", p);
        out.add(change.fact_if(p.is_empty(), "no-package"));
    }
}

/// What went with a top-level element the new revision lacks.
#[derive(PartialEq)]
pub(super) enum Gone {
    /// The element alone.
    Alone,
    /// Its file, named by its author, while the package stays: `file-deleted` is the FILE
    /// break; the element's own finding is the PACKAGE one.
    WithFile,
    /// Its whole package, which `package-deleted` says once for all it held.
    WithPackage,
}

impl Sides<'_> {
    pub(super) fn gone(&self, file: &str) -> Gone {
        let Some(of) = self.o.files.get(file) else {
            return Gone::Alone;
        };
        if self.aligned.drift {
            return Gone::Alone;
        }
        let kept = |p: &str| self.n.files.values().any(|f| f.package == p);
        if !kept(&of.package) {
            Gone::WithPackage
        } else if of.named && !self.n.files.contains_key(file) {
            Gone::WithFile
        } else {
            Gone::Alone
        }
    }

    /// An element declared in `old` is declared in `new` now, both files named by their
    /// author: a FILE break for what moved.
    pub(super) fn moved(&self, old: &str, new: &str) -> bool {
        let named = |s: &Side, f: &str| s.files.get(f).is_some_and(|x| x.named);
        // From a file deleted, `file-deleted` is the FILE break.
        let kept = self.n.files.contains_key(old);
        old != new && kept && named(self.o, old) && named(self.n, new)
    }
}
