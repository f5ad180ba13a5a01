//! The syntactic concepts: tree-sitter queries from `queries/python/<concept-id>.scm`.
//!
//! Each pattern reports its `@occurrence` capture; captures whose names start with
//! `_` are helpers and never reported. All files are compiled into one query so a
//! single pass over the tree finds every syntactic concept.

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator};

use super::kinds::{collect_children, Child};
use crate::catalog::{Catalog, ConceptId};

include!(concat!(env!("OUT_DIR"), "/query_files.rs"));

/// The predicates the Rust binding evaluates; any other predicate would be ignored
/// silently and make its pattern match everything, so the query files may not use them.
pub const SUPPORTED_PREDICATES: &[&str] = &[
    "eq?",
    "not-eq?",
    "any-eq?",
    "any-not-eq?",
    "match?",
    "not-match?",
    "any-match?",
    "any-not-match?",
    "any-of?",
    "not-any-of?",
];

/// Why a query file was refused.
#[derive(Debug)]
pub struct QueryFileError {
    pub file: String,
    pub message: String,
}

/// All syntactic queries, compiled into patterns that are matched node by node.
///
/// tree-sitter's own query engine checks every query file (its syntax, node kinds and
/// fields) and is the reference the matcher is tested against, but detection does not
/// run it: its cursor walks every node of the tree, anonymous ones included, and over
/// the standard library cost as much again as the whole rest of detection. Instead, the
/// patterns are indexed by the kind of their root node, and the walk that builds the
/// scopes calls [`SyntaxQueries::match_node`] on each node it visits, so a node whose
/// kind roots no pattern costs one table lookup.
pub struct SyntaxQueries {
    /// By root kind id, the patterns rooted at that kind.
    by_kind: Vec<Vec<usize>>,
    patterns: Vec<(ConceptId, PatternNode)>,
}

/// What a pattern node accepts.
#[derive(Debug)]
enum Test {
    /// `(kind)` or `"token"`: one of these kind ids.
    Kinds(Vec<u16>),
    /// `(_)`: any named node.
    AnyNamed,
    /// `_`: any node.
    Any,
    /// `[a b]`: any of the alternatives.
    Either(Vec<PatternNode>),
}

/// One node of a pattern.
#[derive(Debug)]
struct PatternNode {
    test: Test,
    /// `field: (...)`: the field the node must have in its parent.
    field: Option<u16>,
    children: Vec<PatternNode>,
    /// `.` anchors: `anchors[i]` for before child `i`, `anchors[children.len()]` after the last.
    anchors: Vec<bool>,
    /// Captured as `@occurrence`.
    reported: bool,
    /// The predicates on this node's text (each predicate names one capture).
    checks: Vec<Check>,
    /// The capture names on this node, while compiling.
    captures: Vec<String>,
}

#[derive(Debug)]
enum Check {
    Eq(String, bool),
    Match(regex::Regex, bool),
    AnyOf(Vec<String>, bool),
}

impl Check {
    fn holds(&self, text: &str) -> bool {
        match self {
            Check::Eq(value, negated) => (text == value) != *negated,
            Check::Match(regex, negated) => regex.is_match(text) != *negated,
            Check::AnyOf(values, negated) => values.iter().any(|value| value == text) != *negated,
        }
    }
}

/// The per-analysis state of matching: one cursor and one buffer of children, reused.
#[derive(Default)]
pub struct Matching<'t> {
    cursor: Option<tree_sitter::TreeCursor<'t>>,
    children: Vec<Child<'t>>,
    reported: Vec<Node<'t>>,
}

impl SyntaxQueries {
    /// Compiles every query file of the binary against the Python grammar.
    pub fn new(catalog: &Catalog) -> Result<SyntaxQueries, QueryFileError> {
        let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
        let kinds = KindTable::new(&language);
        let mut patterns = Vec::new();
        for (name, text) in QUERY_FILES {
            let concept = catalog.lookup(name).ok_or_else(|| QueryFileError {
                file: format!("{name}.scm"),
                message: format!("`{name}` is not a concept of the catalog"),
            })?;
            let compiled = compile(text, &kinds).map_err(|message| QueryFileError {
                file: format!("{name}.scm"),
                message,
            })?;
            patterns.extend(compiled.into_iter().map(|pattern| (concept, pattern)));
        }
        let mut by_kind = vec![Vec::new(); kinds.names.len()];
        for (index, (_, pattern)) in patterns.iter().enumerate() {
            for kind in root_kinds(pattern, &kinds) {
                by_kind[kind as usize].push(index);
            }
        }
        Ok(SyntaxQueries { by_kind, patterns })
    }

    /// Matches the patterns rooted at `node`'s kind, calling `report` with each
    /// `@occurrence` node of each pattern that matches (the first way it matches).
    pub fn match_node<'t>(
        &self,
        node: Node<'t>,
        children: &[Child<'t>],
        text: &str,
        matching: &mut Matching<'t>,
        mut report: impl FnMut(ConceptId, Node<'t>),
    ) {
        let Some(candidates) = self.by_kind.get(node.kind_id() as usize) else {
            return;
        };
        if candidates.is_empty() {
            return;
        }
        // The walk collected the node's children once, for itself and all the patterns.
        matching.children.clear();
        matching.children.extend_from_slice(children);
        let end = matching.children.len();
        for &index in candidates {
            let (concept, pattern) = &self.patterns[index];
            matching.reported.clear();
            if matching.matches_root(pattern, node, text, end) {
                for found in matching.reported.drain(..) {
                    report(*concept, found);
                }
            }
        }
    }
}

impl<'t> Matching<'t> {
    /// [`Matching::matches`] for a pattern's root, whose children are `self.children[..end]`.
    fn matches_root(
        &mut self,
        pattern: &PatternNode,
        node: Node<'t>,
        text: &str,
        end: usize,
    ) -> bool {
        let Test::Kinds(_) = &pattern.test else {
            return self.matches(pattern, node, text);
        };
        if !pattern.checks.is_empty() {
            let own = text.get(node.byte_range()).unwrap_or("");
            if !pattern.checks.iter().all(|check| check.holds(own)) {
                return false;
            }
        }
        if pattern.reported {
            self.reported.push(node);
        }
        if pattern.children.is_empty() {
            return true;
        }
        if end == 0 {
            self.reported.clear();
            return false;
        }
        let found = self.match_children(pattern, 0, 0, end, text);
        if !found {
            self.reported.clear();
        }
        found
    }

    fn matches(&mut self, pattern: &PatternNode, node: Node<'t>, text: &str) -> bool {
        let accepted = match &pattern.test {
            Test::Kinds(kinds) => kinds.contains(&node.kind_id()),
            Test::AnyNamed => node.is_named(),
            Test::Any => true,
            Test::Either(alternatives) => {
                let mark = self.reported.len();
                for alternative in alternatives {
                    if self.matches(alternative, node, text) {
                        if pattern.reported {
                            self.reported.push(node);
                        }
                        return true;
                    }
                    self.reported.truncate(mark);
                }
                return false;
            }
        };
        if !accepted {
            return false;
        }
        if !pattern.checks.is_empty() {
            let own = text.get(node.byte_range()).unwrap_or("");
            if !pattern.checks.iter().all(|check| check.holds(own)) {
                return false;
            }
        }
        let mark = self.reported.len();
        if pattern.reported {
            self.reported.push(node);
        }
        if pattern.children.is_empty() {
            return true;
        }
        let start = self.children.len();
        self.collect_children(node);
        let end = self.children.len();
        if start == end {
            self.reported.truncate(mark);
            return false;
        }
        let found = self.match_children(pattern, 0, start, end, text);
        self.children.truncate(start);
        if !found {
            self.reported.truncate(mark);
        }
        found
    }

    fn collect_children(&mut self, node: Node<'t>) {
        let cursor = match &mut self.cursor {
            Some(cursor) => cursor,
            None => self.cursor.insert(node.walk()),
        };
        collect_children(cursor, node, &mut self.children);
    }

    /// Whether `pattern.children[index..]` match the children `from..end` in order,
    /// where `..end` ends the children of the node (in `self.children`).
    fn match_children(
        &mut self,
        pattern: &PatternNode,
        index: usize,
        from: usize,
        end: usize,
        text: &str,
    ) -> bool {
        let named_total =
            self.children[end - 1].named_before + u16::from(self.children[end - 1].node.is_named());
        // Named children before `from` (the named ones the previous child pattern passed).
        let named_at_from = if from < end {
            self.children[from].named_before
        } else {
            named_total
        };
        let child_pattern = &pattern.children[index];
        let anchored = pattern.anchors[index];
        let last = index + 1 == pattern.children.len();
        for position in from..end {
            let child = self.children[position];
            if anchored && child.named_before > named_at_from {
                // A named node was skipped between anchored patterns.
                break;
            }
            if child_pattern
                .field
                .is_some_and(|field| field != child.field)
            {
                continue;
            }
            let mark = self.reported.len();
            if !self.matches(child_pattern, child.node, text) {
                continue;
            }
            let rest = if last {
                !pattern.anchors[index + 1]
                    || child.named_before + u16::from(child.node.is_named()) == named_total
            } else {
                self.match_children(pattern, index + 1, position + 1, end, text)
            };
            if rest {
                return true;
            }
            self.reported.truncate(mark);
        }
        false
    }
}

/// The grammar's node kinds, by name, for compiling patterns.
struct KindTable {
    /// `(name, named)` by kind id.
    names: Vec<(&'static str, bool)>,
    language: tree_sitter::Language,
}

impl KindTable {
    fn new(language: &tree_sitter::Language) -> KindTable {
        let names = (0..language.node_kind_count() as u16)
            .map(|id| {
                (
                    language.node_kind_for_id(id).unwrap_or(""),
                    language.node_kind_is_named(id),
                )
            })
            .collect();
        KindTable {
            names,
            language: language.clone(),
        }
    }

    fn ids(&self, name: &str, named: bool) -> Vec<u16> {
        (0..self.names.len() as u16)
            .filter(|&id| {
                self.names[id as usize] == (name, named) && self.language.node_kind_is_visible(id)
            })
            .collect()
    }
}

/// The kind ids a pattern's root can have.
fn root_kinds(pattern: &PatternNode, kinds: &KindTable) -> Vec<u16> {
    match &pattern.test {
        Test::Kinds(ids) => ids.clone(),
        Test::AnyNamed | Test::Any => (0..kinds.names.len() as u16).collect(),
        Test::Either(alternatives) => {
            let mut ids: Vec<u16> = alternatives
                .iter()
                .flat_map(|alternative| root_kinds(alternative, kinds))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }
    }
}

/// A token of the query language.
#[derive(Debug, PartialEq)]
enum Token {
    Open,
    Close,
    OpenAlternatives,
    CloseAlternatives,
    Anchor,
    Field(String),
    Name(String),
    Capture(String),
    Predicate(String),
    Text(String),
}

fn tokenize(source: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = source.chars().peekable();
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '?' | '!' | '.');
    while let Some(c) = chars.next() {
        match c {
            ';' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => {}
            '(' => tokens.push(Token::Open),
            ')' => tokens.push(Token::Close),
            '[' => tokens.push(Token::OpenAlternatives),
            ']' => tokens.push(Token::CloseAlternatives),
            '.' => tokens.push(Token::Anchor),
            '"' => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => value.push('\n'),
                            Some('t') => value.push('\t'),
                            Some(other) => value.push(other),
                            None => return Err("unterminated string".into()),
                        },
                        Some(other) => value.push(other),
                        None => return Err("unterminated string".into()),
                    }
                }
                tokens.push(Token::Text(value));
            }
            '@' | '#' => {
                let mut name = String::new();
                while let Some(&next) = chars.peek() {
                    if !is_name(next) || next == '.' {
                        break;
                    }
                    name.push(next);
                    chars.next();
                }
                tokens.push(if c == '@' {
                    Token::Capture(name)
                } else {
                    Token::Predicate(name)
                });
            }
            c if is_name(c) => {
                let mut name = String::from(c);
                while let Some(&next) = chars.peek() {
                    if !is_name(next) || next == '.' {
                        break;
                    }
                    name.push(next);
                    chars.next();
                }
                if chars.peek() == Some(&':') {
                    chars.next();
                    tokens.push(Token::Field(name));
                } else {
                    tokens.push(Token::Name(name));
                }
            }
            other => return Err(format!("`{other}` is not supported by the matcher")),
        }
    }
    Ok(tokens)
}

/// A predicate as written: operator, capture, arguments.
struct Predicate {
    operator: String,
    capture: String,
    arguments: Vec<String>,
}

struct Parser<'a> {
    tokens: Vec<Token>,
    position: usize,
    kinds: &'a KindTable,
    predicates: Vec<Predicate>,
}

/// Compiles one query file into its patterns.
fn compile(source: &str, kinds: &KindTable) -> Result<Vec<PatternNode>, String> {
    let mut parser = Parser {
        tokens: tokenize(source)?,
        position: 0,
        kinds,
        predicates: Vec::new(),
    };
    let mut patterns = Vec::new();
    while parser.position < parser.tokens.len() {
        let mut pattern = parser.node()?;
        let predicates = std::mem::take(&mut parser.predicates);
        for predicate in predicates {
            let check = predicate.check()?;
            match count_capture(&pattern, &predicate.capture) {
                1 => {}
                0 => {
                    return Err(format!(
                        "the predicate names an unknown capture @{}",
                        predicate.capture
                    ))
                }
                _ => {
                    return Err(format!(
                        "@{} captures more than one node",
                        predicate.capture
                    ))
                }
            }
            add_check(&mut pattern, &predicate.capture, check);
        }
        finish(&mut pattern);
        patterns.push(pattern);
    }
    Ok(patterns)
}

/// The alternatives and children of a pattern node: the nodes nested in it.
fn nested(pattern: &PatternNode) -> impl Iterator<Item = &PatternNode> {
    let alternatives = match &pattern.test {
        Test::Either(alternatives) => alternatives.as_slice(),
        _ => &[],
    };
    alternatives.iter().chain(&pattern.children)
}

/// How many nodes of a pattern carry the capture `name`.
fn count_capture(pattern: &PatternNode, name: &str) -> usize {
    usize::from(pattern.captures.iter().any(|capture| capture == name))
        + nested(pattern)
            .map(|inner| count_capture(inner, name))
            .sum::<usize>()
}

/// Attaches `check` to the one node that carries the capture `name`.
fn add_check(pattern: &mut PatternNode, name: &str, check: Check) {
    if pattern.captures.iter().any(|capture| capture == name) {
        pattern.checks.push(check);
        return;
    }
    let alternatives = match &mut pattern.test {
        Test::Either(alternatives) => alternatives.as_mut_slice(),
        _ => &mut [],
    };
    if let Some(inner) = alternatives
        .iter_mut()
        .chain(&mut pattern.children)
        .find(|inner| count_capture(inner, name) > 0)
    {
        add_check(inner, name, check);
    }
}

/// Marks the `@occurrence` nodes, and drops the capture names.
fn finish(pattern: &mut PatternNode) {
    pattern.reported = pattern
        .captures
        .iter()
        .any(|capture| capture == "occurrence");
    pattern.captures.clear();
    if let Test::Either(alternatives) = &mut pattern.test {
        alternatives.iter_mut().for_each(finish);
    }
    pattern.children.iter_mut().for_each(finish);
}

impl Predicate {
    fn check(&self) -> Result<Check, String> {
        let (negated, operator) = match self.operator.strip_prefix("not-") {
            Some(rest) => (true, rest),
            None => (false, self.operator.as_str()),
        };
        let (negated, operator) = match operator.strip_prefix("any-not-") {
            Some(rest) => (true, rest),
            None => (negated, operator.strip_prefix("any-").unwrap_or(operator)),
        };
        let single = || match self.arguments.as_slice() {
            [value] => Ok(value.clone()),
            _ => Err(format!("#{} takes one string", self.operator)),
        };
        match operator {
            "eq?" => Ok(Check::Eq(single()?, negated)),
            "match?" => regex::Regex::new(&single()?)
                .map(|regex| Check::Match(regex, negated))
                .map_err(|error| format!("#{}: {error}", self.operator)),
            "of?" if !negated || self.operator == "not-any-of?" => {
                Ok(Check::AnyOf(self.arguments.clone(), negated))
            }
            _ => Err(format!("the predicate #{} is not supported", self.operator)),
        }
    }
}

impl Parser<'_> {
    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.position);
        self.position += 1;
        token
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    /// One node pattern, with its captures.
    fn node(&mut self) -> Result<PatternNode, String> {
        let mut pattern = match self.next() {
            Some(Token::Open) => self.parenthesized()?,
            Some(Token::OpenAlternatives) => {
                let mut alternatives = Vec::new();
                while self.peek() != Some(&Token::CloseAlternatives) {
                    if self.peek().is_none() {
                        return Err("unclosed `[`".into());
                    }
                    alternatives.push(self.node()?);
                }
                self.next();
                leaf(Test::Either(alternatives))
            }
            Some(Token::Text(text)) => {
                let text = text.clone();
                let ids = self.kinds.ids(&text, false);
                if ids.is_empty() {
                    return Err(format!("no token \"{text}\" in the grammar"));
                }
                leaf(Test::Kinds(ids))
            }
            Some(Token::Name(name)) if name == "_" => leaf(Test::Any),
            other => return Err(format!("expected a pattern, found {other:?}")),
        };
        while let Some(Token::Capture(name)) = self.peek() {
            pattern.captures.push(name.clone());
            self.position += 1;
        }
        Ok(pattern)
    }

    /// After `(`: a node kind with its children and predicates, up to `)`.
    fn parenthesized(&mut self) -> Result<PatternNode, String> {
        if self.peek() == Some(&Token::Open) {
            // A group, `((node) @capture (#predicate ...))`: the node, then predicates.
            let inner = self.node()?;
            loop {
                let predicate_next = matches!(
                    self.tokens.get(self.position + 1),
                    Some(Token::Predicate(_))
                );
                match self.next() {
                    Some(Token::Close) => return Ok(inner),
                    Some(Token::Open) if predicate_next => self.predicate()?,
                    other => {
                        return Err(format!(
                            "a group holds one pattern and its predicates, found {other:?}"
                        ))
                    }
                }
            }
        }
        let test = match self.next() {
            Some(Token::Name(name)) if name == "_" => Test::AnyNamed,
            Some(Token::Name(name)) => {
                let name = name.clone();
                let ids = self.kinds.ids(&name, true);
                if ids.is_empty() {
                    return Err(format!("no node kind `{name}` in the grammar"));
                }
                Test::Kinds(ids)
            }
            other => return Err(format!("expected a node kind after `(`, found {other:?}")),
        };
        let mut pattern = leaf(test);
        let mut anchored = false;
        loop {
            match self.peek() {
                Some(Token::Close) => {
                    self.position += 1;
                    break;
                }
                Some(Token::Anchor) => {
                    self.position += 1;
                    anchored = true;
                }
                Some(Token::Open)
                    if matches!(
                        self.tokens.get(self.position + 1),
                        Some(Token::Predicate(_))
                    ) =>
                {
                    self.position += 1;
                    self.predicate()?;
                }
                Some(Token::Field(name)) => {
                    let name = name.clone();
                    self.position += 1;
                    let field = self
                        .kinds
                        .language
                        .field_id_for_name(&name)
                        .ok_or_else(|| format!("no field `{name}` in the grammar"))?;
                    let mut child = self.node()?;
                    child.field = Some(field.get());
                    pattern.anchors.push(std::mem::take(&mut anchored));
                    pattern.children.push(child);
                }
                Some(_) => {
                    let child = self.node()?;
                    pattern.anchors.push(std::mem::take(&mut anchored));
                    pattern.children.push(child);
                }
                None => return Err("unclosed `(`".into()),
            }
        }
        pattern.anchors.push(anchored);
        if anchored && pattern.children.is_empty() {
            return Err("an anchor with no child pattern".into());
        }
        Ok(pattern)
    }

    /// After `(`: `#operator? @capture "argument"... )`.
    fn predicate(&mut self) -> Result<(), String> {
        let Some(Token::Predicate(operator)) = self.next() else {
            unreachable!("called on a predicate");
        };
        let operator = operator.clone();
        let capture = match self.next() {
            Some(Token::Capture(name)) => name.clone(),
            other => {
                return Err(format!(
                    "#{operator} needs a capture first, found {other:?}"
                ))
            }
        };
        let mut arguments = Vec::new();
        loop {
            match self.next() {
                Some(Token::Text(value)) => arguments.push(value.clone()),
                Some(Token::Close) => break,
                Some(Token::Capture(_)) => {
                    return Err(format!(
                        "#{operator} compares two captures, which the matcher does not support"
                    ))
                }
                other => return Err(format!("#{operator}: unexpected {other:?}")),
            }
        }
        self.predicates.push(Predicate {
            operator,
            capture,
            arguments,
        });
        Ok(())
    }
}

fn leaf(test: Test) -> PatternNode {
    PatternNode {
        test,
        field: None,
        children: Vec::new(),
        anchors: Vec::new(),
        reported: false,
        checks: Vec::new(),
        captures: Vec::new(),
    }
}

/// tree-sitter's own query engine, over the same files: the reference the matcher is
/// tested against.
pub struct ReferenceQueries {
    queries: Vec<(ConceptId, Query, Option<u32>)>,
}

impl ReferenceQueries {
    pub fn new(catalog: &Catalog) -> ReferenceQueries {
        let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
        let queries = QUERY_FILES
            .iter()
            .filter_map(|(name, source)| {
                let concept = catalog.lookup(name)?;
                let query = Query::new(&language, source).expect("the query files compile");
                let occurrence = query.capture_index_for_name("occurrence");
                Some((concept, query, occurrence))
            })
            .collect();
        ReferenceQueries { queries }
    }

    /// Every `@occurrence` of every match under `node`, with its concept.
    pub fn matches<'t>(&self, node: Node<'t>, text: &str) -> Vec<(ConceptId, Node<'t>)> {
        let mut found = Vec::new();
        let mut cursor = QueryCursor::new();
        for (concept, query, occurrence) in &self.queries {
            let mut matches = cursor.matches(query, node, text.as_bytes());
            while let Some(found_match) = matches.next() {
                for capture in found_match.captures {
                    if Some(capture.index) == *occurrence {
                        found.push((*concept, capture.node));
                    }
                }
            }
        }
        found
    }
}
/// Checks one query file on its own: it compiles, reports `@occurrence` in every
/// pattern, and uses only predicates the Rust binding applies.
pub fn check_file(
    name: &str,
    text: &str,
    language: &tree_sitter::Language,
) -> Result<(), QueryFileError> {
    let error = |message: String| QueryFileError {
        file: format!("{name}.scm"),
        message,
    };
    let query = Query::new(language, text).map_err(|e| error(e.to_string()))?;
    for pattern in 0..query.pattern_count() {
        if let Some(predicate) = query.general_predicates(pattern).first() {
            return Err(error(format!(
                "pattern {pattern} uses the unsupported predicate #{}",
                predicate.operator
            )));
        }
    }
    let occurrence = query
        .capture_index_for_name("occurrence")
        .ok_or_else(|| error("no @occurrence capture".into()))?;
    for name in query.capture_names() {
        if *name != "occurrence" && !name.starts_with('_') {
            return Err(error(format!(
                "capture @{name} should be @occurrence or start with `_`"
            )));
        }
    }
    // Every pattern must report something: look for the capture in its own text.
    for pattern in 0..query.pattern_count() {
        let start = query.start_byte_for_pattern(pattern);
        let end = if pattern + 1 < query.pattern_count() {
            query.start_byte_for_pattern(pattern + 1)
        } else {
            text.len()
        };
        if !text[start..end].contains("@occurrence") {
            return Err(error(format!(
                "pattern {pattern} has no @occurrence capture (capture {occurrence})"
            )));
        }
    }
    // The pattern compiler must take it too (it refuses quantifiers, for one).
    compile(text, &KindTable::new(language)).map_err(error)?;
    // Predicates spelled in the text but unknown to the binding show up as general
    // predicates above; this catches ones the binding would reject outright.
    for predicate in text.split('#').skip(1) {
        let operator: String = predicate
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ')')
            .collect();
        if !operator.is_empty()
            && !SUPPORTED_PREDICATES.contains(&operator.as_str())
            && text.contains(&format!("(#{operator}"))
        {
            return Err(error(format!("uses the unsupported predicate #{operator}")));
        }
    }
    Ok(())
}
