//! Name resolution through the file's own imports, and the concepts that are
//! defined by what a call, decorator, base class or import names.
//!
//! `import m` binds `m`; `import m as x` binds `x` to `m`; `from m import n as y`
//! binds `y` to `m.n`; `import a.b` binds `a`. Imports anywhere in the file bind
//! for the whole file, `from m import *` binds nothing, and relative imports bind
//! names that never resolve to a library.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::catalog::{Catalog, ConceptId};

/// What the names of one file (or of one of its statements) refer to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Bindings {
    /// Local name → the qualified names it may refer to.
    imports: HashMap<String, Vec<String>>,
    /// Names that shadow a builtin: bound by an import anywhere or at module level.
    shadowing: HashSet<String>,
}

impl Bindings {
    pub fn add_import(&mut self, statement: Node<'_>, text: &str) {
        let module = match statement.kind() {
            "import_from_statement" => match statement
                .child_by_field_id(crate::analysis::kinds::fields().module_name)
            {
                Some(module) if module.kind() == "dotted_name" => Some(&text[module.byte_range()]),
                // A relative import: its names are the package's own, never a library.
                _ => None,
            },
            "future_import_statement" => Some("__future__"),
            _ => None,
        };
        let is_from = statement.kind() != "import_statement";
        let mut cursor = statement.walk();
        for (index, child) in statement.children(&mut cursor).enumerate() {
            if statement.field_name_for_child(index as u32) != Some("name") {
                continue;
            }
            let (name_node, alias) = match child.kind() {
                "aliased_import" => (
                    child.child_by_field_id(crate::analysis::kinds::fields().name),
                    child.child_by_field_id(crate::analysis::kinds::fields().alias),
                ),
                "dotted_name" => (Some(child), None),
                _ => continue,
            };
            let Some(name_node) = name_node else { continue };
            let dotted = &text[name_node.byte_range()];
            let (local, qualified) = match (is_from, alias) {
                (false, Some(alias)) => (&text[alias.byte_range()], dotted.to_string()),
                (false, None) => {
                    let first = dotted.split('.').next().unwrap_or(dotted);
                    (first, first.to_string())
                }
                (true, alias) => {
                    let local = alias.map_or(dotted, |alias| &text[alias.byte_range()]);
                    let qualified = match module {
                        Some(module) => format!("{module}.{dotted}"),
                        None => format!(".{dotted}"),
                    };
                    (local, qualified)
                }
            };
            self.bind(local.trim(), qualified);
        }
    }

    fn bind(&mut self, local: &str, qualified: String) {
        self.shadowing.insert(local.to_string());
        let targets = self.imports.entry(local.to_string()).or_default();
        if !targets.contains(&qualified) {
            targets.push(qualified);
        }
    }

    pub fn add_module_name(&mut self, name: &str) {
        if !self.shadowing.contains(name) {
            self.shadowing.insert(name.to_string());
        }
    }

    /// Adds the bindings of one statement to those of the file.
    pub fn merge(&mut self, other: &Bindings) {
        for (local, targets) in &other.imports {
            for target in targets {
                self.bind(local, target.clone());
            }
        }
        for name in &other.shadowing {
            self.add_module_name(name);
        }
    }

    /// The names whose meaning differs between `self` and `old`.
    pub fn changed_names(&self, old: &Bindings) -> HashSet<String> {
        let mut changed = HashSet::new();
        for (name, targets) in &self.imports {
            if old.imports.get(name) != Some(targets) {
                changed.insert(name.clone());
            }
        }
        for name in old.imports.keys() {
            if !self.imports.contains_key(name) {
                changed.insert(name.clone());
            }
        }
        changed.extend(self.shadowing.symmetric_difference(&old.shadowing).cloned());
        changed
    }

    /// Whether a plain name refers to the builtin of that name.
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.shadowing.contains(name)
    }

    /// The qualified names that a name or dotted name may refer to through the
    /// file's imports; empty for anything else.
    pub fn resolve(&self, expression: Node<'_>, text: &str) -> Vec<String> {
        let mut parts = Vec::new();
        let mut node = expression;
        loop {
            node = unwrapped(node);
            match node.kind() {
                "identifier" => {
                    parts.push(&text[node.byte_range()]);
                    break;
                }
                "attribute" => {
                    let (Some(object), Some(attribute)) = (
                        node.child_by_field_id(crate::analysis::kinds::fields().object),
                        node.child_by_field_id(crate::analysis::kinds::fields().attribute),
                    ) else {
                        return Vec::new();
                    };
                    parts.push(&text[attribute.byte_range()]);
                    node = object;
                }
                _ => return Vec::new(),
            }
        }
        let Some(targets) = self.imports.get(parts[parts.len() - 1]) else {
            return Vec::new();
        };
        targets
            .iter()
            .map(|target| {
                let mut qualified = target.clone();
                for part in parts.iter().rev().skip(1) {
                    qualified.push('.');
                    qualified.push_str(part);
                }
                qualified
            })
            .collect()
    }
}

/// The expression inside parentheses (`(os).fdopen` names `os.fdopen`, as in Python)
/// and inside a star that tree-sitter misread (`[*map(f, xs)]` calls `map`).
/// The name at the root of a name or dotted name (`a` of `a.b.c`): what its
/// resolution depends on.
pub fn root_name<'a>(expression: Node<'_>, text: &'a str) -> Option<&'a str> {
    let mut node = unwrapped(expression);
    loop {
        match node.kind() {
            "identifier" => return Some(&text[node.byte_range()]),
            "attribute" => {
                node = unwrapped(node.child_by_field_id(crate::analysis::kinds::fields().object)?)
            }
            _ => return None,
        }
    }
}

pub fn unwrapped(mut node: Node<'_>) -> Node<'_> {
    loop {
        let inner = match node.kind() {
            "parenthesized_expression" => {
                let mut cursor = node.walk();
                let mut children = node
                    .named_children(&mut cursor)
                    .filter(|child| child.kind() != "comment");
                match (children.next(), children.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            }
            "list_splat" if super::is_misread_star(node) => node.named_child(0),
            _ => None,
        };
        match inner {
            Some(inner) => node = inner,
            None => return node,
        }
    }
}

/// The modules an import statement names: `import a.b` names `a.b`; `from a import
/// b` names `a` and `a.b` (which may be a submodule). Relative imports name none.
pub fn imported_modules(statement: Node<'_>, text: &str) -> Vec<String> {
    let mut modules = Vec::new();
    let mut cursor = statement.walk();
    match statement.kind() {
        "import_statement" => {
            for child in statement.children_by_field_name("name", &mut cursor) {
                let name = if child.kind() == "aliased_import" {
                    child.child_by_field_id(crate::analysis::kinds::fields().name)
                } else {
                    Some(child)
                };
                if let Some(name) = name {
                    modules.push(text[name.byte_range()].to_string());
                }
            }
        }
        "import_from_statement" => {
            let Some(module) =
                statement.child_by_field_id(crate::analysis::kinds::fields().module_name)
            else {
                return modules;
            };
            if module.kind() != "dotted_name" {
                return modules;
            }
            let module = &text[module.byte_range()];
            modules.push(module.to_string());
            for child in statement.children_by_field_name("name", &mut cursor) {
                let name = if child.kind() == "aliased_import" {
                    child.child_by_field_id(crate::analysis::kinds::fields().name)
                } else {
                    Some(child)
                };
                if let Some(name) = name {
                    modules.push(format!("{module}.{}", &text[name.byte_range()]));
                }
            }
        }
        _ => {}
    }
    modules
}

/// The name-based rules of the catalog, indexed for lookup.
#[derive(Debug, Default)]
pub struct NameRules {
    calls: HashMap<String, Vec<ConceptId>>,
    /// `m.*` rules: any name of module `m`.
    module_calls: HashMap<String, Vec<ConceptId>>,
    builtin_calls: HashMap<String, Vec<ConceptId>>,
    decorators: HashMap<String, Vec<ConceptId>>,
    bases: HashMap<String, Vec<ConceptId>>,
    metaclasses: HashMap<String, Vec<ConceptId>>,
    imports: Vec<(String, ConceptId)>,
}

impl NameRules {
    pub fn new(catalog: &Catalog) -> NameRules {
        let mut rules = NameRules::default();
        for id in catalog.ids() {
            let detection = &catalog.concept(id).detection;
            for call in &detection.calls {
                match call.strip_suffix(".*") {
                    Some(module) => rules
                        .module_calls
                        .entry(module.to_string())
                        .or_default()
                        .push(id),
                    None => rules.calls.entry(call.clone()).or_default().push(id),
                }
            }
            for (names, table) in [
                (&detection.builtin_calls, &mut rules.builtin_calls),
                (&detection.decorators, &mut rules.decorators),
                (&detection.bases, &mut rules.bases),
                (&detection.metaclasses, &mut rules.metaclasses),
            ] {
                for name in names {
                    table.entry(name.clone()).or_default().push(id);
                }
            }
            for module in &detection.imports {
                rules.imports.push((module.clone(), id));
            }
        }
        rules
    }

    /// The concepts of a call, from what its callee names.
    pub fn call_concepts(
        &self,
        callee: Node<'_>,
        text: &str,
        bindings: &Bindings,
        out: &mut Vec<ConceptId>,
    ) {
        let name_node = unwrapped(callee);
        if name_node.kind() == "identifier" {
            let name = &text[name_node.byte_range()];
            if bindings.is_builtin(name) {
                if let Some(ids) = self.builtin_calls.get(name) {
                    out.extend(ids);
                }
            }
        }
        for qualified in bindings.resolve(callee, text) {
            if let Some(ids) = self.calls.get(&qualified) {
                out.extend(ids);
            }
            if let Some((module, _)) = qualified.rsplit_once('.') {
                if let Some(ids) = self.module_calls.get(module) {
                    out.extend(ids);
                }
            }
        }
    }

    /// The concepts of a decorator (called or not), from what it names.
    pub fn decorator_concepts(
        &self,
        expression: Node<'_>,
        text: &str,
        bindings: &Bindings,
        out: &mut Vec<ConceptId>,
    ) {
        let named = if expression.kind() == "call" {
            expression.child_by_field_id(crate::analysis::kinds::fields().function)
        } else {
            Some(expression)
        };
        if let Some(named) = named {
            lookup(&self.decorators, bindings.resolve(named, text), out);
        }
    }

    pub fn base_concepts(
        &self,
        base: Node<'_>,
        text: &str,
        bindings: &Bindings,
        out: &mut Vec<ConceptId>,
    ) {
        lookup(&self.bases, bindings.resolve(base, text), out);
    }

    pub fn metaclass_concepts(
        &self,
        metaclass: Node<'_>,
        text: &str,
        bindings: &Bindings,
        out: &mut Vec<ConceptId>,
    ) {
        lookup(&self.metaclasses, bindings.resolve(metaclass, text), out);
    }

    /// The concepts of an import statement: one per concept, however many modules match.
    pub fn import_concepts(&self, statement: Node<'_>, text: &str, out: &mut Vec<ConceptId>) {
        let modules = imported_modules(statement, text);
        for (rule, id) in &self.imports {
            let names_it = modules.iter().any(|module| {
                module == rule
                    || (module.starts_with(rule.as_str())
                        && module.as_bytes().get(rule.len()) == Some(&b'.'))
            });
            if names_it && !out.contains(id) {
                out.push(*id);
            }
        }
    }
}

fn lookup(table: &HashMap<String, Vec<ConceptId>>, names: Vec<String>, out: &mut Vec<ConceptId>) {
    for name in names {
        if let Some(ids) = table.get(&name) {
            out.extend(ids);
        }
    }
}
