//! The info string of a fence: its language and the attributes that follow it.

/// What a fence's info string says, e.g. ```` ```yaml file=api.yaml id=export ````.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info {
    /// Lower-cased first word (`raw` before it is passed over).
    pub lang: String,
    pub file: Option<String>,
    pub id: Option<String>,
    pub skip: bool,
    /// Other bare words, e.g. `example`, `counter-example`.
    pub words: Vec<String>,
    /// `key=value` pairs whose key contracts does not know.
    pub unknown: Vec<String>,
}

impl Info {
    pub fn parse(info: &str) -> Info {
        let mut out = Info::default();
        let cleaned = info.replace(['{', '}'], " ");
        let mut words = split_words(cleaned.trim());
        if words.first().is_some_and(|w| w.eq_ignore_ascii_case("raw")) && words.len() > 1 {
            words.remove(0);
        }
        let mut iter = words.into_iter();
        if let Some(first) = iter.next() {
            // `yaml{file=x}` and `yaml,file=x` style info strings are seen in the wild.
            let lang: String = first
                .split([',', '{'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            out.lang = lang;
        }
        // In a `{…}` group the attributes are a renderer's (Hugo, Pandoc, kramdown): ours are
        // read there too, and the rest are not ours to question.
        let renderers = info.contains('{');
        for word in iter {
            let word = word.trim_matches(|c| c == ',' || c == '{' || c == '}');
            if word.is_empty() {
                continue;
            }
            match word.split_once('=') {
                Some((key, value)) => {
                    let value = unquote(value).to_string();
                    match key.to_ascii_lowercase().as_str() {
                        "file" | "title" | "filename" => out.file = Some(value),
                        "id" => out.id = Some(value),
                        _ if renderers => {}
                        _ => out.unknown.push(word.to_string()),
                    }
                }
                None => match word.to_ascii_lowercase().as_str() {
                    "skip" | "ignore" => out.skip = true,
                    w => out.words.push(w.to_string()),
                },
            }
        }
        out
    }

    pub fn has_word(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }

    /// Marked as a wrong example: the `counter-example` word, or a Hugo/Pandoc class such as
    /// `{.bad}`, `{.invalid}`, `{.incorrect}`.
    pub fn is_counter_example(&self) -> bool {
        self.has_word("counter-example")
            || self.words.iter().any(|w| {
                let w = w.trim_matches(['{', '}']);
                [".bad", ".invalid", ".incorrect", ".wrong", ".dont"].contains(&w)
            })
    }

    /// Example and counter-example blocks illustrate; they are not the contract.
    pub fn is_illustration(&self) -> bool {
        self.has_word("example") || self.is_counter_example()
    }
}

/// Splits on white space, keeping quoted values (`title="a b"`) whole.
fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                cur.push(c);
            }
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c.is_whitespace() => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            None => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_attributes() {
        let i = Info::parse("YAML file=\"specs/a b.yaml\" id=export example");
        assert_eq!(i.lang, "yaml");
        assert_eq!(i.file.as_deref(), Some("specs/a b.yaml"));
        assert_eq!(i.id.as_deref(), Some("export"));
        assert_eq!(i.words, vec!["example"]);
        assert!(i.is_illustration());
        assert!(!i.skip);
    }

    #[test]
    fn aliases_skip_and_raw() {
        assert_eq!(
            Info::parse("proto title=a.proto").file.as_deref(),
            Some("a.proto")
        );
        assert_eq!(
            Info::parse("ts filename='t.ts'").file.as_deref(),
            Some("t.ts")
        );
        assert!(Info::parse("graphql ignore").skip);
        assert!(Info::parse("proto skip").skip);
        let raw = Info::parse("raw graphql counter-example");
        assert_eq!(raw.lang, "graphql");
        assert!(raw.has_word("counter-example"));
        let braced = Info::parse("yaml{file=x.yaml}");
        assert_eq!(
            (braced.lang.as_str(), braced.file.as_deref()),
            ("yaml", Some("x.yaml"))
        );
        assert_eq!(Info::parse("yaml lang=en").unknown, vec!["lang=en"]);
        assert!(
            Info::parse("proto {highlight=\"lines:3\"}")
                .unknown
                .is_empty()
        );
        assert_eq!(
            Info::parse("proto {file=a.proto}").file.as_deref(),
            Some("a.proto")
        );
    }
}
