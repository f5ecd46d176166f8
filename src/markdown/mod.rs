//! Scans a Markdown doc into what contracts reads from it: fenced blocks, tables, links.

pub mod fence;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::finding::Loc;
use crate::source::Source;
pub use fence::Info;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: u32,
}

/// A fenced code block and where each of its lines sits in the doc.
#[derive(Debug, Clone)]
pub struct Block {
    pub info: Info,
    pub raw_info: String,
    pub headings: Vec<Heading>,
    /// Byte range of the whole fence, delimiters included.
    pub span: Range<usize>,
    /// Doc line of the opening fence, and of the last line that belongs to the block.
    pub fence_line: u32,
    pub fence_column: u32,
    pub end_line: u32,
    pub content: String,
    /// For each content line: its doc line and how many characters the doc has before it
    /// (list indentation, `> ` markers) that the content no longer has.
    lines: Vec<(u32, u32)>,
    pub closed: bool,
}

impl Block {
    /// A spec file read as one block, so that files and docs share one pipeline.
    pub fn whole(src: &Source, lang: &str) -> Block {
        let lines = (1..=src.line_count()).map(|l| (l, 0)).collect();
        Block {
            info: Info {
                lang: lang.to_string(),
                ..Info::default()
            },
            raw_info: lang.to_string(),
            headings: Vec::new(),
            span: 0..src.text.len(),
            fence_line: 1,
            fence_column: 1,
            end_line: src.line_count(),
            content: src.text.clone(),
            lines,
            closed: true,
        }
    }

    /// The doc place of a 0-based (line, character column) inside the content.
    pub fn doc_pos(&self, line: usize, col: usize) -> (u32, u32) {
        match self.lines.get(line) {
            Some(&(doc_line, indent)) => (doc_line, indent + col as u32 + 1),
            None => (self.end_line, 1),
        }
    }

    /// The doc place of a byte offset inside the content.
    pub fn doc_pos_of_offset(&self, offset: usize) -> (u32, u32) {
        let offset = crate::source::floor_char(&self.content, offset.min(self.content.len()));
        let before = &self.content[..offset];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count();
        self.doc_pos(line, col)
    }

    pub fn loc(&self, file: &str, line: usize, col: usize) -> Loc {
        let (line, column) = self.doc_pos(line, col);
        Loc {
            file: file.to_string(),
            line,
            column,
        }
    }

    pub fn loc_of_offset(&self, file: &str, offset: usize) -> Loc {
        let (line, column) = self.doc_pos_of_offset(offset);
        Loc {
            file: file.to_string(),
            line,
            column,
        }
    }

    /// Where the content starts, or the fence itself for an empty block.
    pub fn start_loc(&self, file: &str) -> Loc {
        if self.lines.is_empty() {
            return Loc {
                file: file.to_string(),
                line: self.fence_line,
                column: self.fence_column,
            };
        }
        self.loc(file, 0, 0)
    }

    pub fn first_content_line(&self) -> u32 {
        self.lines.first().map_or(self.fence_line, |l| l.0)
    }

    /// The heading that names the block's section: the nearest `###`, else the nearest one.
    pub fn section(&self) -> Option<&Heading> {
        self.headings
            .iter()
            .rev()
            .find(|h| h.level == 3)
            .or(self.headings.last())
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    /// Cell source with `\|` unescaped; inline code keeps its backticks.
    pub text: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub headings: Vec<Heading>,
    pub line: u32,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub dest: String,
    pub headings: Vec<Heading>,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub tables: Vec<Table>,
    pub links: Vec<Link>,
    /// `<!-- contracts: allow RULE reason="…" -->` comments, in doc order.
    pub allows: Vec<Allow>,
}

/// An inline suppression: it covers the next block or table after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub rule: String,
    pub reason: Option<String>,
    pub line: u32,
    pub column: u32,
}

/// Reads `contracts: allow RULE reason="…"` out of an HTML comment.
fn parse_allows(html: &str, line: u32, column: u32) -> Vec<Allow> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let Some(end) = rest[start..].find("-->") else {
            break;
        };
        let body = rest[start + 4..start + end].trim();
        rest = &rest[start + end + 3..];
        let Some(words) = body.strip_prefix("contracts:") else {
            continue;
        };
        let words = words.trim();
        let Some(after) = words.strip_prefix("allow") else {
            continue;
        };
        let after = after.trim();
        let rule = after.split_whitespace().next().unwrap_or("").to_string();
        let reason = after.find("reason=").map(|i| {
            let v = after[i + "reason=".len()..].trim();
            match v.chars().next() {
                Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or("").to_string(),
                _ => v.split_whitespace().next().unwrap_or("").to_string(),
            }
        });
        out.push(Allow {
            rule,
            reason: reason.filter(|r| !r.trim().is_empty()),
            line,
            column,
        });
    }
    out
}

pub fn scan(src: &Source) -> Doc {
    let text = &src.text;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut doc = Doc::default();
    let mut headings: Vec<Heading> = Vec::new();
    let mut heading: Option<(u8, u32, String)> = None;
    let mut block: Option<Block> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut in_head = false;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, src.line_col(range.start).0, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, text)) = heading.take() {
                    headings.retain(|h| h.level < level);
                    let text = text.trim().to_string();
                    if level == 1 && doc.title.is_none() {
                        doc.title = Some(text.clone());
                    }
                    headings.push(Heading { level, text, line });
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let (fence_line, fence_column) = src.line_col(range.start);
                block = Some(Block {
                    info: Info::parse(&info),
                    raw_info: info.to_string(),
                    headings: headings.clone(),
                    span: range.clone(),
                    fence_line,
                    fence_column,
                    end_line: fence_line,
                    content: String::new(),
                    lines: Vec::new(),
                    closed: true,
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut b) = block.take() {
                    finish_block(src, &mut b, range);
                    doc.blocks.push(b);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = block.as_mut() {
                    b.content.push_str(&t);
                } else if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    headings: headings.clone(),
                    line: src.line_col(range.start).0,
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Event::End(TagEnd::Table) => doc.tables.extend(table.take()),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                row = Some(Row {
                    line: src.line_col(range.start).0,
                    cells: Vec::new(),
                });
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                let cell_text = text[range.clone()].trim().replace("\\|", "|");
                let (line, column) = src.line_col(range.start);
                if in_head {
                    if let Some(t) = table.as_mut() {
                        t.header.push(cell_text);
                    }
                } else if let Some(r) = row.as_mut() {
                    r.cells.push(Cell {
                        text: cell_text,
                        line,
                        column,
                    });
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if html.contains("contracts:") => {
                let (line, column) = src.line_col(range.start);
                doc.allows.extend(parse_allows(&html, line, column));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, column) = src.line_col(range.start);
                doc.links.push(Link {
                    dest: dest_url.to_string(),
                    headings: headings.clone(),
                    line,
                    column,
                });
            }
            _ => {}
        }
    }
    doc
}

/// Maps content lines back to doc lines and decides whether the fence was closed.
fn finish_block(src: &Source, b: &mut Block, range: Range<usize>) {
    b.span = b.span.start..range.end.max(b.span.end);
    let (last_line, _) = src.line_col(b.span.end.saturating_sub(1).max(b.span.start));
    let opener = src.line_text(b.fence_line);
    let (fence_char, fence_len) = fence_of(opener);
    let closer = src.line_text(last_line);
    b.closed = last_line > b.fence_line && is_closing(closer, fence_char, fence_len);

    let content_lines: Vec<&str> = if b.content.is_empty() {
        Vec::new()
    } else {
        b.content
            .strip_suffix('\n')
            .unwrap_or(&b.content)
            .split('\n')
            .collect()
    };
    b.lines = content_lines
        .iter()
        .enumerate()
        .map(|(k, content_line)| {
            let doc_line = b.fence_line + 1 + k as u32;
            let doc_text = src.line_text(doc_line);
            let content_line = content_line.trim_end_matches('\r');
            let indent = if !content_line.is_empty() && doc_text.ends_with(content_line) {
                doc_text[..doc_text.len() - content_line.len()]
                    .chars()
                    .count() as u32
            } else {
                (doc_text.chars().count() - doc_text.trim_start().chars().count()) as u32
            };
            (doc_line, indent)
        })
        .collect();
    b.end_line = if b.closed {
        last_line
    } else {
        b.lines.last().map_or(b.fence_line, |l| l.0)
    };
}

/// The fence character and run length of an opening fence line, past indentation and `>`.
fn fence_of(line: &str) -> (char, usize) {
    let t = line.trim_start_matches(|c: char| {
        c.is_whitespace()
            || c == '>'
            || c == '-'
            || c == '*'
            || c == '+'
            || c.is_ascii_digit()
            || c == '.'
            || c == ')'
    });
    let c = t.chars().next().unwrap_or('`');
    (c, t.chars().take_while(|&x| x == c).count())
}

fn is_closing(line: &str, fence_char: char, fence_len: usize) -> bool {
    let t = line
        .trim_start_matches(|c: char| c.is_whitespace() || c == '>')
        .trim_end();
    !t.is_empty() && t.chars().all(|c| c == fence_char) && t.chars().count() >= fence_len
}

#[cfg(test)]
mod tests;
