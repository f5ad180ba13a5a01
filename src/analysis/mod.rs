//! The analysis core: Python text and its syntax tree in, concept occurrences out.
//!
//! It knows nothing of the protocol, does no I/O, and never fails: broken Python is
//! not an error, it is a tree with some ERROR nodes, and every construct whose own
//! part parses cleanly is still reported.
//!
//! Detection runs in this order, all from data in the catalog:
//! 1. `queries` runs the syntactic queries (`queries/python/*.scm`) over the tree;
//! 2. `scopes` walks each top-level statement once, building its scopes and collecting
//!    its calls, decorators, classes, imports and comments;
//! 3. `names` resolves calls, decorators and bases through the file's imports;
//! 4. `classes` matches the class-body patterns;
//! 5. occurrences are sorted, and those of one concept on one line merged.

pub mod classes;
pub mod kinds;
pub mod names;
pub mod parse;
pub mod queries;
pub mod scopes;
pub mod suppression;

use tree_sitter::{Node, Tree};

use crate::catalog::{Catalog, ConceptId};
use crate::position::LineIndex;
use names::{Bindings, NameRules};
use queries::{Matching, SyntaxQueries};
use scopes::{Facts, ScopeKind};
use suppression::Suppressions;

/// One occurrence of a concept: the byte range of the smallest node that shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    pub concept: ConceptId,
}

/// The result of analysing one file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Every occurrence, sorted by position (two on one line are both here, so that
    /// hover works on each; [`Analysis::counted`] merges them).
    pub occurrences: Vec<Occurrence>,
    pub suppressions: Suppressions,
}

impl Analysis {
    /// The occurrences as the catalog counts them: two matches of one concept that
    /// start on the same line count once (the first is kept).
    pub fn counted<'a>(
        &'a self,
        lines: &'a LineIndex,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        let mut seen = std::collections::HashSet::new();
        self.occurrences.iter().filter(move |occurrence| {
            seen.insert((occurrence.concept, lines.line_of(occurrence.start)))
        })
    }
}

/// The concepts that need a Rust detector, by the name the catalog gives them.
#[derive(Debug, Default)]
struct Detectors {
    inheritance: Vec<ConceptId>,
    multiple_inheritance: Vec<ConceptId>,
    decorator_definition: Vec<ConceptId>,
    generator_function: Vec<ConceptId>,
    closure: Vec<ConceptId>,
    singleton: Vec<ConceptId>,
    factory: Vec<ConceptId>,
}

/// A class-body rule from the catalog.
#[derive(Debug)]
enum ClassRule {
    DefinesAny(Vec<String>),
    DefinesAll(Vec<Vec<String>>),
    DefinesAnyOfEach(Vec<Vec<String>>),
    MethodsNamed(Vec<String>),
}

/// Everything compiled from the catalog that detection needs; built once, shared.
pub struct Engine {
    queries: SyntaxQueries,
    names: NameRules,
    class_rules: Vec<(ConceptId, ClassRule)>,
    detectors: Detectors,
}

impl Engine {
    /// Compiles the catalog's rules. Fails only on inconsistent catalog data.
    pub fn new(catalog: &Catalog) -> Result<Engine, String> {
        let queries = SyntaxQueries::new(catalog)
            .map_err(|error| format!("{}: {}", error.file, error.message))?;
        let mut detectors = Detectors::default();
        let mut class_rules = Vec::new();
        for id in catalog.ids() {
            let detection = &catalog.concept(id).detection;
            if let Some(name) = &detection.detector {
                let slot = match name.as_str() {
                    "inheritance" => &mut detectors.inheritance,
                    "multiple-inheritance" => &mut detectors.multiple_inheritance,
                    "decorator-definition" => &mut detectors.decorator_definition,
                    "generator-function" => &mut detectors.generator_function,
                    "closure" => &mut detectors.closure,
                    "singleton" => &mut detectors.singleton,
                    "factory" => &mut detectors.factory,
                    other => {
                        return Err(format!(
                            "concept `{}` names an unknown detector `{other}`",
                            catalog.concept(id).id
                        ))
                    }
                };
                slot.push(id);
            }
            if !detection.class_defines_any.is_empty() {
                class_rules.push((
                    id,
                    ClassRule::DefinesAny(detection.class_defines_any.clone()),
                ));
            }
            if !detection.class_defines_all.is_empty() {
                class_rules.push((
                    id,
                    ClassRule::DefinesAll(detection.class_defines_all.clone()),
                ));
            }
            if !detection.class_defines_any_of_each.is_empty() {
                class_rules.push((
                    id,
                    ClassRule::DefinesAnyOfEach(detection.class_defines_any_of_each.clone()),
                ));
            }
            if !detection.class_methods_named.is_empty() {
                class_rules.push((
                    id,
                    ClassRule::MethodsNamed(detection.class_methods_named.clone()),
                ));
            }
        }
        Ok(Engine {
            queries,
            names: NameRules::new(catalog),
            class_rules,
            detectors,
        })
    }

    /// The engine of the built-in catalog.
    pub fn builtin() -> &'static Engine {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        ENGINE.get_or_init(|| {
            Engine::new(Catalog::builtin())
                .unwrap_or_else(|error| panic!("the built-in catalog does not compile: {error}"))
        })
    }

    /// Parses and analyses a whole text.
    pub fn analyze_text(&self, text: &str) -> Analysis {
        let tree = parse::parse(text, None);
        self.analyze(&tree, text, &LineIndex::new(text))
    }

    /// Analyses a text with its syntax tree, from scratch.
    pub fn analyze(&self, tree: &Tree, text: &str, lines: &LineIndex) -> Analysis {
        let statements = top_level(tree, text);
        // Nothing is kept for later, so classes are walked whole: splitting them into
        // their methods pays only when the methods' analyses are kept.
        let mut cache = StatementCache {
            keep_methods: false,
            ..StatementCache::default()
        };
        self.analyze_statements(&statements, lines, &mut cache)
    }

    /// Analyses a document given as its top-level statements, which may come from
    /// several syntax trees (each with the text it was parsed from), in document order,
    /// reusing what `cache` holds from an earlier analysis of the same document: a
    /// statement of the same source and place keeps its occurrences, unless a name it
    /// resolves changed meaning, and a method of a top-level class that is new (its
    /// class was edited) keeps those of a method of the same text. The result is that
    /// of [`Engine::analyze`] on a tree with these statements; only the work differs.
    pub fn analyze_statements(
        &self,
        top_level: &[TopLevel<'_>],
        lines: &LineIndex,
        cache: &mut StatementCache,
    ) -> Analysis {
        let keys: Vec<Option<StatementKey>> = top_level.iter().map(cache_key).collect();
        // The entries stay in place: those of the statements the cache knows (by
        // source and place; they parse cleanly, so their tree cannot depend on their
        // neighbours) are marked as seen, and the others taken out.
        let mut entries = std::mem::take(&mut cache.entries);
        let keep_methods = cache.keep_methods;
        cache.generation = cache.generation.wrapping_add(1);
        let generation = cache.generation;
        let known: Vec<bool> = keys
            .iter()
            .map(|key| {
                key.is_some_and(|key| {
                    entries
                        .get_mut(&key)
                        .map(|entry| entry.seen = generation)
                        .is_some()
                })
            })
            .collect();
        let gone: Vec<StatementKey> = entries
            .iter()
            .filter(|(_, entry)| entry.seen != generation)
            .map(|(key, _)| *key)
            .collect();
        let mut previous: FastMap<StatementKey, CachedStatement> = gone
            .into_iter()
            .filter_map(|key| entries.remove_entry(&key))
            .collect();
        // The methods of the statements that are gone (a class just edited is one)
        // may come back in the statements that replace them.
        let mut pool = MethodPool::default();
        if keep_methods {
            previous
                .values_mut()
                .for_each(|entry| pool.add(std::mem::take(&mut entry.methods)));
        }

        // The others are walked: whole, or a top-level class as its shell and methods.
        let mut matching = Matching::default();
        let mut work: Vec<Option<Work<'_>>> = known
            .iter()
            .zip(top_level)
            .map(|(&known, top)| {
                (!known).then(|| {
                    self.walk_statement(top.node, top.text, keep_methods, &mut pool, &mut matching)
                })
            })
            .collect();

        // What each walked statement binds for the file, kept for its entry.
        let mut own_bindings: Vec<Option<Bindings>> = work
            .iter()
            .zip(top_level)
            .map(|(work, top)| work.as_ref().map(|work| work.bindings(top.text)))
            .collect();
        // The file's bindings change only if what the new statements bind differs from
        // what the statements they replace bound (then they are merged again).
        let mut added = Bindings::default();
        own_bindings
            .iter()
            .flatten()
            .for_each(|own| added.merge(own));
        let mut removed = Bindings::default();
        previous
            .values()
            .for_each(|entry| removed.merge(&entry.unit.bindings));
        let unchanged = cache.complete && added == removed;
        let bindings = if unchanged {
            std::mem::take(&mut cache.bindings)
        } else {
            let mut bindings = Bindings::default();
            for (own, key) in own_bindings.iter().zip(&keys) {
                match (own, key) {
                    (Some(own), _) => bindings.merge(own),
                    (None, Some(key)) => bindings.merge(&entries[key].unit.bindings),
                    (None, None) => unreachable!("a statement without a key is always walked"),
                }
            }
            bindings
        };
        let changed = if unchanged {
            Default::default()
        } else {
            bindings.changed_names(&cache.bindings)
        };
        let is_stale =
            |unit: &CachedUnit| unit.dependencies.iter().any(|name| changed.contains(name));

        // Analyse what is new, and what resolves a name whose meaning changed.
        let mut uncached: Vec<Option<CachedStatement>> =
            (0..top_level.len()).map(|_| None).collect();
        for (index, top) in top_level.iter().enumerate() {
            let stale = work[index].is_none()
                && keys[index]
                    .is_some_and(|key| !changed.is_empty() && is_stale(&entries[&key].unit));
            if let (true, Some(key)) = (stale, keys[index]) {
                // Its text is unchanged, and so is what it binds; its methods that do
                // not depend on the changed names keep their analysis.
                let cached = entries.get_mut(&key).expect("a stale statement is cached");
                own_bindings[index] = Some(std::mem::take(&mut cached.unit.bindings));
                let mut own_pool = MethodPool::default();
                own_pool.add(std::mem::take(&mut cached.methods));
                work[index] = Some(self.walk_statement(
                    top.node,
                    top.text,
                    keep_methods,
                    &mut own_pool,
                    &mut matching,
                ));
            }
            let Some(statement_work) = work[index].take() else {
                continue;
            };
            let own = own_bindings[index]
                .take()
                .expect("a walked statement has its bindings");
            let entry = match statement_work {
                Work::Whole(walked) => CachedStatement {
                    seen: generation,
                    unit: self.analyze_statement(top.node, &walked, top.text, &bindings, own),
                    methods: Vec::new(),
                },
                Work::Class { shell, methods } => {
                    let shell = self.analyze_statement(
                        top.node,
                        &shell,
                        top.text,
                        &bindings,
                        statement_bindings(&shell.facts, top.text),
                    );
                    let methods = methods
                        .into_iter()
                        .map(|method| {
                            let unit = match method.state {
                                MethodState::Cached(unit) if !is_stale(&unit) => unit,
                                state => {
                                    let walked = match state {
                                        MethodState::Walked(walked) => walked,
                                        MethodState::Cached(_) => {
                                            self.walk_method(method.node, top.text, &mut matching)
                                        }
                                    };
                                    let own = statement_bindings(&walked.facts, top.text);
                                    self.analyze_statement(
                                        method.node,
                                        &walked,
                                        top.text,
                                        &bindings,
                                        own,
                                    )
                                }
                            };
                            (method.node, method.hash, unit)
                        })
                        .collect();
                    combine(top.node, top.text, shell, methods, own)
                }
            };
            match keys[index] {
                Some(key) => {
                    entries.insert(
                        key,
                        CachedStatement {
                            seen: generation,
                            ..entry
                        },
                    );
                }
                None => uncached[index] = Some(entry),
            }
        }

        let mut analysis = Analysis::default();
        for (index, top) in top_level.iter().enumerate() {
            let entry = match (&uncached[index], keys[index]) {
                (Some(entry), _) => entry,
                (None, Some(key)) => &entries[&key],
                (None, None) => unreachable!("a statement without a key is analysed above"),
            };
            let offset = top.start;
            analysis
                .occurrences
                .extend(entry.unit.occurrences.iter().map(|occurrence| Occurrence {
                    start: occurrence.start + offset,
                    end: occurrence.end + offset,
                    concept: occurrence.concept,
                }));
            for (at, directive) in &entry.unit.comments {
                analysis
                    .suppressions
                    .add(lines.line_of(at + offset), directive.clone());
            }
        }
        cache.entries = entries;
        cache.bindings = bindings;
        cache.complete = keys.iter().all(Option::is_some);
        analysis
    }

    /// Walks a top-level statement that the cache does not hold: whole, or, when it is
    /// a class that parses cleanly and its methods are kept (`split`), as its shell
    /// (everything but its methods) and its methods, each taken from `pool` when one
    /// of the same text is there.
    fn walk_statement<'t>(
        &self,
        statement: Node<'t>,
        text: &'t str,
        split: bool,
        pool: &mut MethodPool,
        matching: &mut Matching<'t>,
    ) -> Work<'t> {
        let methods = if split {
            split_methods(statement)
        } else {
            Vec::new()
        };
        if methods.is_empty() {
            return Work::Whole(self.walk(statement, text, matching));
        }
        let skip: scopes::HashSet<usize> = methods.iter().map(Node::id).collect();
        let shell = self.walk_unit(statement, text, ScopeKind::Module, &skip, matching);
        let methods = methods
            .into_iter()
            .map(|node| {
                let method_text = &text[node.byte_range()];
                let column = node.start_position().column;
                let hash = method_hash(method_text, column);
                let state = match pool.take(hash, method_text, column) {
                    Some(unit) => MethodState::Cached(unit),
                    None => MethodState::Walked(self.walk_method(node, text, matching)),
                };
                MethodWork { node, hash, state }
            })
            .collect();
        Work::Class { shell, methods }
    }

    /// Walks a method of a top-level class alone, in the scope of its class.
    fn walk_method<'t>(
        &self,
        method: Node<'t>,
        text: &'t str,
        matching: &mut Matching<'t>,
    ) -> Walked<'t> {
        let nothing = scopes::HashSet::default();
        self.walk_unit(method, text, ScopeKind::Class, &nothing, matching)
    }

    /// [`Engine::analyze_text`] as a document being edited is analysed: each top-level
    /// class as its shell and its methods, whose analyses are kept for the next
    /// version of the class. For the tests that check that this finds the same.
    #[doc(hidden)]
    pub fn analyze_split(&self, text: &str) -> Analysis {
        let tree = parse::parse(text, None);
        self.analyze_statements(
            &top_level(&tree, text),
            &LineIndex::new(text),
            &mut StatementCache::default(),
        )
    }

    /// What the query files match in a whole tree, as detection finds them (before the
    /// checks that a construct parses cleanly), with the concept of each match.
    pub fn syntax_matches<'t>(&self, tree: &'t Tree, text: &'t str) -> Vec<(ConceptId, Node<'t>)> {
        let root = tree.root_node();
        let mut cursor = root.walk();
        let mut matching = Matching::default();
        let statements: Vec<Node<'t>> = root.named_children(&mut cursor).collect();
        statements
            .into_iter()
            .flat_map(|statement| self.walk(statement, text, &mut matching).syntax)
            .collect()
    }

    /// Walks one top-level statement, matching the syntactic patterns on the way.
    fn walk<'t>(
        &self,
        statement: Node<'t>,
        text: &'t str,
        matching: &mut Matching<'t>,
    ) -> Walked<'t> {
        let nothing = scopes::HashSet::default();
        self.walk_unit(statement, text, ScopeKind::Module, &nothing, matching)
    }

    /// Walks a unit of analysis (see [`scopes::walk_unit`]), matching the syntactic
    /// patterns on the way.
    fn walk_unit<'t>(
        &self,
        node: Node<'t>,
        text: &'t str,
        root: ScopeKind,
        skip: &scopes::HashSet<usize>,
        matching: &mut Matching<'t>,
    ) -> Walked<'t> {
        let mut syntax = Vec::new();
        let facts = scopes::walk_unit(node, text, root, skip, &mut |node, children| {
            self.queries
                .match_node(node, children, text, matching, |concept, found| {
                    syntax.push((concept, found))
                })
        });
        Walked { facts, syntax }
    }

    /// Everything one top-level statement contributes, with offsets relative to its start;
    /// `own_bindings` are the names it binds for the file (see [`statement_bindings`]).
    fn analyze_statement<'t>(
        &self,
        statement: Node<'t>,
        walked: &Walked<'t>,
        text: &'t str,
        bindings: &Bindings,
        own_bindings: Bindings,
    ) -> CachedUnit {
        let facts = &walked.facts;
        let mut found = Vec::new();
        let mut report = |concept: ConceptId, node: Node<'_>| {
            if let Some((start, end)) = reported_range(node) {
                found.push(Occurrence {
                    start,
                    end,
                    concept,
                });
            }
        };
        let targets: FastSet<usize> = facts.target_displays.iter().copied().collect();
        for &(concept, node) in &walked.syntax {
            if !targets.contains(&node.id())
                && !is_part_of_concatenation(node)
                && !is_misread_format_spec(node)
            {
                report(concept, node);
            }
        }
        let mut concepts = Vec::new();
        self.detect_names(facts, text, bindings, &mut concepts, &mut report);
        self.detect_classes(facts, text, &mut report);
        self.detect_scopes(facts, &mut report);

        found.sort();
        found.dedup();
        let offset = statement.start_byte();
        for occurrence in &mut found {
            occurrence.start -= offset;
            occurrence.end -= offset;
        }
        let comments = facts
            .comments
            .iter()
            .filter_map(|comment| {
                suppression::parse_comment(&text[comment.byte_range()])
                    .map(|directive| (comment.start_byte() - offset, directive))
            })
            .collect();
        CachedUnit {
            occurrences: found,
            bindings: own_bindings,
            comments,
            dependencies: dependencies(facts, text),
        }
    }

    fn detect_names<'t>(
        &self,
        facts: &Facts<'t>,
        text: &str,
        bindings: &Bindings,
        concepts: &mut Vec<ConceptId>,
        report: &mut impl FnMut(ConceptId, Node<'t>),
    ) {
        for call in &facts.calls {
            let Some(callee) = call.child_by_field_id(crate::analysis::kinds::fields().function)
            else {
                continue;
            };
            concepts.clear();
            self.names.call_concepts(callee, text, bindings, concepts);
            if !concepts.is_empty() && is_clean(*call) {
                for concept in concepts.iter() {
                    report(*concept, callee);
                }
            }
        }
        for (decorator, scope) in &facts.decorators {
            let Some(expression) = decorator.named_child(0) else {
                continue;
            };
            concepts.clear();
            self.names
                .decorator_concepts(expression, text, bindings, concepts);
            for concept in concepts.iter() {
                if self.detectors.decorator_definition.contains(concept) {
                    // `@functools.wraps(...)` on a nested function: report the inner `def`
                    // (a class decorated so inside a function is no decorator definition).
                    let nested = matches!(
                        facts.scopes[*scope].kind,
                        ScopeKind::Function | ScopeKind::Lambda
                    );
                    let definition = decorator
                        .parent()
                        .and_then(|parent| {
                            parent.child_by_field_id(crate::analysis::kinds::fields().definition)
                        })
                        .filter(|definition| definition.kind() == "function_definition");
                    if let (true, Some(definition)) = (nested, definition) {
                        report(*concept, definition);
                    }
                } else {
                    report(*concept, *decorator);
                }
            }
        }
        for class in &facts.classes {
            concepts.clear();
            for base in classes::positional_bases(*class) {
                self.names.base_concepts(base, text, bindings, concepts);
            }
            if let Some(metaclass) = classes::metaclass(*class, text) {
                self.names
                    .metaclass_concepts(metaclass, text, bindings, concepts);
            }
            for concept in concepts.iter() {
                report(*concept, *class);
            }
        }
        for import in &facts.imports {
            concepts.clear();
            self.names.import_concepts(*import, text, concepts);
            for concept in concepts.iter() {
                report(*concept, *import);
            }
        }
    }

    fn detect_classes<'t>(
        &self,
        facts: &Facts<'t>,
        text: &'t str,
        report: &mut impl FnMut(ConceptId, Node<'t>),
    ) {
        for &class in &facts.classes {
            let bases = classes::positional_bases(class);
            let only_object =
                bases.len() == 1 && &text[names::unwrapped(bases[0]).byte_range()] == "object";
            if !bases.is_empty() && !only_object {
                self.detectors
                    .inheritance
                    .iter()
                    .for_each(|concept| report(*concept, class));
            }
            if bases.len() >= 2 {
                self.detectors
                    .multiple_inheritance
                    .iter()
                    .for_each(|concept| report(*concept, class));
            }

            let methods = classes::methods(class, text);
            let defines = |name: &str| methods.iter().any(|method| method.name == name);
            for (concept, rule) in &self.class_rules {
                match rule {
                    ClassRule::DefinesAny(names) => {
                        if names.iter().any(|name| defines(name)) {
                            report(*concept, class);
                        }
                    }
                    ClassRule::DefinesAll(groups) => {
                        if groups
                            .iter()
                            .any(|group| group.iter().all(|name| defines(name)))
                        {
                            report(*concept, class);
                        }
                    }
                    ClassRule::DefinesAnyOfEach(groups) => {
                        if groups
                            .iter()
                            .all(|group| group.iter().any(|name| defines(name)))
                        {
                            report(*concept, class);
                        }
                    }
                    ClassRule::MethodsNamed(names) => {
                        for method in methods
                            .iter()
                            .filter(|method| names.iter().any(|name| name == method.name))
                        {
                            report(*concept, method.node);
                        }
                    }
                }
            }
            for method in &methods {
                if method.name == "__new__"
                    && classes::assigns_to_first_parameter(method.node, text)
                {
                    self.detectors
                        .singleton
                        .iter()
                        .for_each(|concept| report(*concept, class));
                }
                let is_classmethod = method
                    .decorated
                    .is_some_and(|decorated| has_plain_decorator(decorated, "classmethod", text));
                if is_classmethod && classes::returns_new_cls(method.node, text) {
                    self.detectors
                        .factory
                        .iter()
                        .for_each(|concept| report(*concept, method.node));
                }
            }
        }
    }

    fn detect_scopes<'t>(&self, facts: &Facts<'t>, report: &mut impl FnMut(ConceptId, Node<'t>)) {
        for scope in &facts.scopes {
            if scope.kind == ScopeKind::Function && scope.has_yield {
                self.detectors
                    .generator_function
                    .iter()
                    .for_each(|concept| report(*concept, scope.node));
            }
        }
        if !self.detectors.closure.is_empty() {
            for index in facts.closures() {
                self.detectors
                    .closure
                    .iter()
                    .for_each(|concept| report(*concept, facts.scopes[index].node));
            }
        }
    }
}

/// Whether a definition has the decorator `@name` (or `@(name)`), matched by name.
type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

/// A top-level statement as the analysis sees it: its node, the text of the tree it
/// belongs to, and the byte offset where it starts in the document.
#[derive(Clone, Copy, Debug)]
pub struct TopLevel<'t> {
    pub node: Node<'t>,
    pub text: &'t str,
    pub start: usize,
    /// Which text the node's tree was parsed from: two statements with the same source
    /// and byte range are the same statement, unchanged (its analysis can be reused).
    pub source: u64,
}

/// The top-level statements of a whole tree.
fn top_level<'t>(tree: &'t Tree, text: &'t str) -> Vec<TopLevel<'t>> {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let statements = root
        .named_children(&mut cursor)
        .map(|node| TopLevel {
            node,
            text,
            start: node.start_byte(),
            source: 0,
        })
        .collect();
    statements
}

/// A walked statement: its facts, and the syntactic matches found on the way.
struct Walked<'t> {
    facts: Facts<'t>,
    syntax: Vec<(ConceptId, Node<'t>)>,
}

/// What earlier analyses of one document found, statement by statement.
#[derive(Debug)]
pub struct StatementCache {
    /// By the statement's source and place in it.
    entries: FastMap<StatementKey, CachedStatement>,
    /// The bindings of the file when the entries were made.
    bindings: Bindings,
    /// Whether every statement of that analysis is among the entries (so that the
    /// bindings are the merge of theirs).
    complete: bool,
    /// Whether top-level classes are analysed as their shell and methods, and the
    /// methods kept, text and all, for the next version of their class (not for an
    /// analysis done once).
    keep_methods: bool,
    /// Counts the analyses, to tell the entries found by the last one.
    generation: u64,
}

impl Default for StatementCache {
    fn default() -> StatementCache {
        StatementCache {
            entries: FastMap::default(),
            bindings: Bindings::default(),
            complete: false,
            keep_methods: true,
            generation: 0,
        }
    }
}

impl StatementCache {
    /// Files what was found for a statement under its new source and place: the same
    /// text now has a syntax tree of its own (the same tree, parsed alone).
    pub fn rekey(&mut self, old: StatementKey, new: StatementKey) {
        if let Some(entry) = self.entries.remove(&old) {
            self.entries.insert(new, entry);
        }
    }
}

/// A clean statement's source (see [`TopLevel::source`]) and byte range in it.
pub type StatementKey = (u64, usize, usize);

/// The analysis of one top-level statement, independent of where it sits in the file.
#[derive(Debug)]
struct CachedStatement {
    /// The analysis that last found the statement (see [`StatementCache::generation`]).
    seen: u64,
    unit: CachedUnit,
    /// When it is a class analysed as its shell and methods: each method's own
    /// analysis, for the next version of the class.
    methods: Vec<CachedMethod>,
}

/// What one unit of analysis (a top-level statement, the shell of a class, or one of
/// its methods) contributes, with offsets relative to its start.
#[derive(Debug, Clone)]
struct CachedUnit {
    /// Sorted.
    occurrences: Vec<Occurrence>,
    /// The names it binds for the whole file (imports, module-level names).
    bindings: Bindings,
    /// Its suppression comments, by offset relative to its start.
    comments: Vec<(usize, suppression::Directive)>,
    /// The names its occurrences depend on: the roots of the callees, decorators and
    /// bases it resolves through the file's bindings.
    dependencies: Vec<String>,
}

/// The analysis of a method of a top-level class, with the text it was made from.
#[derive(Debug)]
struct CachedMethod {
    hash: u64,
    /// The method's text and the column it starts at: a method of a clean class is
    /// parsed the same wherever it sits, so these decide its analysis (but for the
    /// names it resolves, which [`CachedUnit::dependencies`] lists).
    text: Box<str>,
    column: usize,
    unit: CachedUnit,
}

/// The methods of the classes no longer in the document, by the hash of their text.
#[derive(Default)]
struct MethodPool {
    methods: FastMap<u64, Vec<CachedMethod>>,
}

impl MethodPool {
    fn add(&mut self, methods: Vec<CachedMethod>) {
        for method in methods {
            self.methods.entry(method.hash).or_default().push(method);
        }
    }

    /// The analysis of a method of this text and column, taken out of the pool.
    fn take(&mut self, hash: u64, text: &str, column: usize) -> Option<CachedUnit> {
        let candidates = self.methods.get_mut(&hash)?;
        let index = candidates
            .iter()
            .position(|method| method.column == column && &*method.text == text)?;
        Some(candidates.swap_remove(index).unit)
    }
}

/// How a top-level statement that is not in the cache is analysed.
enum Work<'t> {
    Whole(Walked<'t>),
    /// A top-level class: its shell (everything but its methods), and its methods.
    Class {
        shell: Walked<'t>,
        methods: Vec<MethodWork<'t>>,
    },
}

struct MethodWork<'t> {
    node: Node<'t>,
    hash: u64,
    state: MethodState<'t>,
}

enum MethodState<'t> {
    /// Found in the pool.
    Cached(CachedUnit),
    Walked(Walked<'t>),
}

impl Work<'_> {
    /// The names the statement binds for the whole file.
    fn bindings(&self, text: &str) -> Bindings {
        match self {
            Work::Whole(walked) => statement_bindings(&walked.facts, text),
            Work::Class { shell, methods } => {
                let mut bindings = statement_bindings(&shell.facts, text);
                for method in methods {
                    match &method.state {
                        MethodState::Cached(unit) => bindings.merge(&unit.bindings),
                        MethodState::Walked(walked) => {
                            bindings.merge(&statement_bindings(&walked.facts, text))
                        }
                    }
                }
                bindings
            }
        }
    }
}

/// The methods a top-level statement is split into: those directly in the body of a
/// class (decorated or not) that parses cleanly; none for any other statement.
fn split_methods(statement: Node<'_>) -> Vec<Node<'_>> {
    let (k, f) = (kinds::kinds(), kinds::fields());
    let class = if statement.kind_id() == k.decorated_definition {
        statement.child_by_field_id(f.definition)
    } else {
        Some(statement)
    };
    let Some(body) = class
        .filter(|class| class.kind_id() == k.class_definition && !statement.has_error())
        .and_then(|class| class.child_by_field_id(f.body))
    else {
        return Vec::new();
    };
    let mut cursor = body.walk();
    let methods = body
        .named_children(&mut cursor)
        .filter(|child| {
            child.kind_id() == k.function_definition
                || child.kind_id() == k.decorated_definition
                    && child
                        .child_by_field_id(f.definition)
                        .is_some_and(|definition| definition.kind_id() == k.function_definition)
        })
        .collect();
    methods
}

fn method_hash(text: &str, column: usize) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    column.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

/// The analysis of a class split into its shell and methods: what a walk of the whole
/// class would give (the occurrences of all of them in order, each once).
fn combine(
    statement: Node<'_>,
    text: &str,
    shell: CachedUnit,
    methods: Vec<(Node<'_>, u64, CachedUnit)>,
    bindings: Bindings,
) -> CachedStatement {
    let start = statement.start_byte();
    let mut unit = CachedUnit { bindings, ..shell };
    let mut kept = Vec::with_capacity(methods.len());
    for (node, hash, method) in methods {
        let offset = node.start_byte() - start;
        unit.occurrences
            .extend(method.occurrences.iter().map(|occurrence| Occurrence {
                start: occurrence.start + offset,
                end: occurrence.end + offset,
                concept: occurrence.concept,
            }));
        unit.comments.extend(
            method
                .comments
                .iter()
                .map(|(at, directive)| (at + offset, directive.clone())),
        );
        for name in &method.dependencies {
            if !unit.dependencies.contains(name) {
                unit.dependencies.push(name.clone());
            }
        }
        kept.push(CachedMethod {
            hash,
            text: text[node.byte_range()].into(),
            column: node.start_position().column,
            unit: method,
        });
    }
    unit.occurrences.sort();
    unit.occurrences.dedup();
    unit.comments.sort_by_key(|(at, _)| *at);
    CachedStatement {
        seen: 0,
        unit,
        methods: kept,
    }
}

/// The cache key of a top-level statement, if it parses cleanly (a broken statement's
/// tree can depend on its neighbours, so it is always analysed afresh).
fn cache_key(top: &TopLevel<'_>) -> Option<StatementKey> {
    let node = top.node;
    (!node.has_error() && !node.is_missing())
        .then(|| (top.source, node.start_byte(), node.end_byte()))
}

/// The names a statement binds for the whole file.
fn statement_bindings(facts: &Facts<'_>, text: &str) -> Bindings {
    let mut bindings = Bindings::default();
    for import in &facts.imports {
        bindings.add_import(*import, text);
    }
    for name in &facts.module_names {
        bindings.add_module_name(name);
    }
    bindings
}

/// The names whose bindings the name-based occurrences of a statement depend on.
fn dependencies(facts: &Facts<'_>, text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |node: Option<Node<'_>>| {
        if let Some(name) = node.and_then(|node| names::root_name(node, text)) {
            if !names.iter().any(|known| known == name) {
                names.push(name.to_string());
            }
        }
    };
    for call in &facts.calls {
        add(call.child_by_field_id(crate::analysis::kinds::fields().function));
    }
    for (decorator, _) in &facts.decorators {
        let expression = decorator.named_child(0).map(names::unwrapped);
        match expression {
            Some(call) if call.kind() == "call" => {
                add(call.child_by_field_id(crate::analysis::kinds::fields().function))
            }
            other => add(other),
        }
    }
    for class in &facts.classes {
        for base in classes::positional_bases(*class) {
            add(Some(base));
        }
        add(classes::metaclass(*class, text));
    }
    names
}

fn has_plain_decorator(decorated: Node<'_>, name: &str, text: &str) -> bool {
    let mut cursor = decorated.walk();
    let found = decorated.named_children(&mut cursor).any(|child| {
        child.kind() == "decorator"
            && child
                .named_child(0)
                .map(names::unwrapped)
                .is_some_and(|expression| {
                    expression.kind() == "identifier" && &text[expression.byte_range()] == name
                })
    });
    found
}

/// Compound statements are reported by their header: `def name(...):`, `with x:`.
fn is_compound_statement(node: Node<'_>) -> bool {
    let k = kinds::kinds();
    let kind = node.kind_id();
    [
        k.function_definition,
        k.class_definition,
        k.if_statement,
        k.for_statement,
        k.while_statement,
        k.try_statement,
        k.with_statement,
        k.match_statement,
    ]
    .contains(&kind)
}

/// The byte range to report for a node, or `None` if the construct does not parse
/// cleanly. A compound statement needs a clean header; anything else a clean subtree.
fn reported_range(node: Node<'_>) -> Option<(usize, usize)> {
    if !is_clean(node) {
        return None;
    }
    if !is_compound_statement(node) {
        return Some((start_after_misread_star(node), node.end_byte()));
    }
    let mut cursor = node.walk();
    let colon_kind = kinds::kinds().colon;
    let colon = node
        .children(&mut cursor)
        .find(|child| child.kind_id() == colon_kind)?;
    Some((node.start_byte(), colon.end_byte()))
}

/// Whether the construct parses cleanly: its whole subtree, or for a compound
/// statement everything before its first block.
fn is_clean(node: Node<'_>) -> bool {
    if node.is_error() || node.is_missing() {
        return false;
    }
    if !is_compound_statement(node) {
        return !node.has_error();
    }
    let block = kinds::kinds().block;
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.kind_id() == block {
            return true;
        }
        if child.is_error() || child.is_missing() || child.has_error() {
            return false;
        }
    }
    true
}

/// Where a node starts once a star that tree-sitter misread is left out.
///
/// tree-sitter-python reads the only element of `[*f(x)]` or `{*a.b}` (and the first
/// of a bare `*f(x), y`) as a call of `*f` or an attribute of `*a`, while Python reads
/// the star as applying to the whole `f(x)` or `a.b`. The misread `list_splat` then
/// sits at the start of that expression, so the expression starts just after the star,
/// where CPython starts it.
fn start_after_misread_star(node: Node<'_>) -> usize {
    let mut current = node;
    loop {
        if is_misread_star(current) {
            if let Some(starred) = current.named_child(0) {
                return starred.start_byte();
            }
        }
        // Only the nodes that start where `node` starts can hold its leading star.
        match current.child(0) {
            Some(first) if first.start_byte() == node.start_byte() => current = first,
            _ => return node.start_byte(),
        }
    }
}

/// Whether a `list_splat` (`*x`) is one that tree-sitter misread: one that is not an
/// element of a display, an expression list, an argument list or a subscript.
pub(crate) fn is_misread_star(node: Node<'_>) -> bool {
    let k = kinds::kinds();
    if node.kind_id() != k.list_splat {
        return false;
    }
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        "list" | "set" | "tuple" | "expression_list" | "argument_list" => false,
        // `x[*a]` is a star in a subscript; in `[*a[0]]` the subscript was misread.
        "subscript" => {
            parent.child_by_field_id(crate::analysis::kinds::fields().value) == Some(node)
        }
        _ => true,
    }
}

/// Whether a node is an assignment expression that is really a format spec: in
/// `f"{x:=10}"` the `:` starts the spec `=10` (a walrus in an f-string needs
/// parentheses), but tree-sitter reads `x:=10` as an assignment expression.
pub(crate) fn is_misread_format_spec(node: Node<'_>) -> bool {
    let k = kinds::kinds();
    node.kind_id() == k.named_expression
        && node
            .parent()
            .is_some_and(|parent| parent.kind_id() == k.interpolation)
}

/// Whether a string literal is one part of an implicit concatenation (`"a" f"b"`),
/// which Python treats as one literal: only the concatenation is reported.
fn is_part_of_concatenation(node: Node<'_>) -> bool {
    let k = kinds::kinds();
    node.kind_id() == k.string
        && node
            .parent()
            .is_some_and(|parent| parent.kind_id() == k.concatenated_string)
}
