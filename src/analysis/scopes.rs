//! One walk over a top-level statement: its scopes, and the sites other detectors need.
//!
//! The walk mirrors CPython's symbol table closely enough to find free variables
//! (the `closure` concept) and the functions whose own body yields (generator
//! functions), and on the way it collects calls, decorators, classes, imports,
//! comments and the names that shadow builtins at module level.
//!
//! It is iterative, so a 5,000-deep nesting of brackets cannot overflow the stack.

use std::sync::OnceLock;

use tree_sitter::Node;

use super::kinds::{collect_children, field, fields, kinds, Child};

pub type HashSet<T> = std::collections::HashSet<T, rustc_hash::FxBuildHasher>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

/// A scope as CPython's symbol table sees it.
#[derive(Debug)]
pub struct Scope<'t> {
    pub kind: ScopeKind,
    pub parent: Option<usize>,
    /// The `function_definition`, `class_definition`, `lambda` or comprehension node.
    pub node: Node<'t>,
    pub bound: HashSet<&'t str>,
    pub used: HashSet<&'t str>,
    pub globals: HashSet<&'t str>,
    pub nonlocals: HashSet<&'t str>,
    pub has_yield: bool,
}

/// What one walk of a statement found.
#[derive(Debug, Default)]
pub struct Facts<'t> {
    pub scopes: Vec<Scope<'t>>,
    pub calls: Vec<Node<'t>>,
    /// Each decorator with the scope that evaluates it (the scope around the definition).
    pub decorators: Vec<(Node<'t>, usize)>,
    pub classes: Vec<Node<'t>>,
    pub imports: Vec<Node<'t>>,
    pub comments: Vec<Node<'t>>,
    /// Names bound anywhere by an import (they shadow builtins for the whole file).
    pub imported_names: Vec<&'t str>,
    /// Names bound at module level by a `def`, `class`, assignment or `:=`.
    pub module_names: Vec<&'t str>,
    /// The ids of the displays (`[a, b]`, `(a, b)`) that are binding targets, such as
    /// `[a, b] = pair` or `for (k, v) in items`: targets, not displays.
    pub target_displays: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Load,
    /// A binding target (loop, `with`, `except`, `del`, ...).
    Store,
    /// An assignment target: also shadows builtins at module level.
    Assign,
    /// Inside a `case` pattern.
    Pattern,
}

struct Walker<'t, 'v> {
    text: &'t str,
    /// Called on every node the walk visits.
    visitor: &'v mut dyn FnMut(Node<'t>, &[Child<'t>]),
    /// Reused for iterating children.
    cursor: tree_sitter::TreeCursor<'t>,
    spare_cursors: Vec<tree_sitter::TreeCursor<'t>>,
    facts: Facts<'t>,
    stack: Vec<(Node<'t>, usize, Mode)>,
}

/// Walks `node` and returns its facts, calling `visitor` on every node on the way:
/// every named node but identifiers, the parts of imports and of `global`/`nonlocal`,
/// and the names of keywords and attributes.
///
/// `node` is walked as if it sat directly in a scope of kind `root`: a top-level
/// statement in the module's, a method of a top-level class in that class's. The nodes
/// whose ids are in `skip` are left out with everything inside them (a class's
/// methods, walked on their own).
///
/// The scopes of a top-level class's methods are independent of one another: a
/// function nested in a method sees the method's names, never the class's (class
/// scopes are invisible to nested functions) nor the module's (which are not free
/// variables), so walking each method alone finds the same facts.
pub fn walk_unit<'t>(
    node: Node<'t>,
    text: &'t str,
    root: ScopeKind,
    skip: &HashSet<usize>,
    visitor: &mut dyn FnMut(Node<'t>, &[Child<'t>]),
) -> Facts<'t> {
    let mut walker = Walker {
        text,
        visitor,
        cursor: node.walk(),
        spare_cursors: Vec::new(),
        facts: Facts::default(),
        stack: Vec::new(),
    };
    let scope = walker.new_scope(root, None, node);
    walker.stack.push((node, scope, Mode::Load));
    let mut children = Vec::new();
    while let Some((node, scope, mode)) = walker.stack.pop() {
        if !skip.is_empty() && skip.contains(&node.id()) {
            continue;
        }
        // One pass over the node's children serves the visitor and the walk.
        children.clear();
        collect_children(&mut walker.cursor, node, &mut children);
        (walker.visitor)(node, &children);
        walker.visit(node, scope, mode, &children);
    }
    walker.facts
}

impl<'t> Walker<'t, '_> {
    fn new_scope(&mut self, kind: ScopeKind, parent: Option<usize>, node: Node<'t>) -> usize {
        self.facts.scopes.push(Scope {
            kind,
            parent,
            node,
            bound: HashSet::default(),
            used: HashSet::default(),
            globals: HashSet::default(),
            nonlocals: HashSet::default(),
            has_yield: false,
        });
        self.facts.scopes.len() - 1
    }

    fn text_of(&self, node: Node<'t>) -> &'t str {
        &self.text[node.byte_range()]
    }

    fn push(&mut self, node: Option<Node<'t>>, scope: usize, mode: Mode) {
        if let Some(node) = node {
            self.stack.push((node, scope, mode));
        }
    }

    fn push_named(&mut self, children: &[Child<'t>], scope: usize, mode: Mode) {
        for child in children {
            if child.node.is_named() {
                self.stack.push((child.node, scope, mode));
            }
        }
    }

    /// Pushes the comments and ERROR nodes among the children of a node whose other
    /// children are pushed one by one (they belong to no field).
    fn push_extras(&mut self, children: &[Child<'t>], scope: usize) {
        for child in children {
            if child.field == 0 && child.node.is_extra() && child.node.is_named() {
                self.stack.push((child.node, scope, Mode::Load));
            }
        }
    }

    fn bind(&mut self, scope: usize, name: &'t str, mode: Mode) {
        self.facts.scopes[scope].bound.insert(name);
        if mode == Mode::Assign && self.facts.scopes[scope].kind == ScopeKind::Module {
            self.facts.module_names.push(name);
        }
    }

    /// A `def` or `class` name: bound in `scope`, and shadowing builtins at module level.
    fn bind_definition(&mut self, scope: usize, name: Option<Node<'t>>) {
        if let Some(name) = name {
            let name = self.text_of(name);
            self.bind(scope, name, Mode::Assign);
        }
    }

    fn visit(&mut self, node: Node<'t>, scope: usize, mode: Mode, children: &[Child<'t>]) {
        let (k, f) = (kinds(), fields());
        let arm = arms()
            .get(node.kind_id() as usize)
            .copied()
            .unwrap_or(Arm::Other);
        if matches!(mode, Mode::Store | Mode::Assign) && arm == Arm::Display {
            self.facts.target_displays.push(node.id());
        }
        match arm {
            Arm::Identifier => {
                let name = self.text_of(node);
                match mode {
                    Mode::Load => {
                        self.facts.scopes[scope].used.insert(name);
                    }
                    Mode::Store | Mode::Assign => self.bind(scope, name, mode),
                    Mode::Pattern => {
                        if name != "_" {
                            self.bind(scope, name, Mode::Store);
                        }
                    }
                }
            }
            Arm::Attribute => {
                self.push_extras(children, scope);
                self.push(field(children, f.object), scope, Mode::Load);
            }
            Arm::Subscript => self.push_named(children, scope, Mode::Load),
            Arm::KeywordArgument => {
                self.push_extras(children, scope);
                self.push(field(children, f.value), scope, Mode::Load);
            }
            Arm::Call => {
                self.facts.calls.push(node);
                self.push_named(children, scope, Mode::Load);
            }
            Arm::Decorator => {
                self.facts.decorators.push((node, scope));
                self.push_named(children, scope, Mode::Load);
            }
            Arm::Function => self.visit_function(node, scope, children),
            Arm::Lambda => self.visit_lambda(node, scope, children),
            Arm::Class => {
                self.push_extras(children, scope);
                self.bind_definition(scope, field(children, f.name));
                self.facts.classes.push(node);
                self.push(field(children, f.superclasses), scope, Mode::Load);
                let class_scope = self.new_scope(ScopeKind::Class, Some(scope), node);
                self.push(field(children, f.body), class_scope, Mode::Load);
            }
            Arm::Comprehension => self.visit_comprehension(node, scope, children),
            Arm::Assignment => {
                self.push_extras(children, scope);
                self.push(field(children, f.left), scope, Mode::Assign);
                self.push(field(children, f.right), scope, Mode::Load);
                self.push(field(children, f.r#type), scope, Mode::Load);
            }
            Arm::AugmentedAssignment => {
                self.push_extras(children, scope);
                let left = field(children, f.left);
                self.push(left, scope, Mode::Assign);
                self.push(left, scope, Mode::Load);
                self.push(field(children, f.right), scope, Mode::Load);
            }
            Arm::For => {
                let left = field(children, f.left);
                self.push(left, scope, Mode::Store);
                children.iter().for_each(|&Child { node: child, .. }| {
                    let walker = &mut *self;
                    if child.is_named() && Some(child) != left {
                        walker.stack.push((child, scope, Mode::Load));
                    }
                });
            }
            Arm::AsPattern => {
                let alias = field(children, f.alias);
                children.iter().for_each(|&Child { node: child, .. }| {
                    let walker = &mut *self;
                    if !child.is_named() {
                    } else if Some(child) == alias {
                        walker.stack.push((child, scope, Mode::Store));
                    } else if mode == Mode::Pattern && child.kind_id() == k.identifier {
                        // `case <pattern> as name:`
                        walker.stack.push((child, scope, Mode::Pattern));
                    } else {
                        walker.stack.push((child, scope, mode));
                    }
                });
            }
            // In `f"{x:=10}"` the `:` starts a format spec: `x` is only read.
            Arm::NamedExpression if super::is_misread_format_spec(node) => {
                self.push_extras(children, scope);
                self.push(field(children, f.name), scope, Mode::Load);
            }
            Arm::NamedExpression => {
                // `(x := v)` binds `x` in the nearest scope that is not a comprehension;
                // the comprehensions in between see it as a free variable.
                self.push_extras(children, scope);
                let mut target = scope;
                while self.facts.scopes[target].kind == ScopeKind::Comprehension {
                    if let Some(name) = field(children, f.name) {
                        let name = self.text_of(name);
                        self.facts.scopes[target].nonlocals.insert(name);
                    }
                    target = self.facts.scopes[target].parent.unwrap_or(target);
                }
                self.push(field(children, f.name), target, Mode::Assign);
                self.push(field(children, f.value), scope, Mode::Load);
            }
            Arm::Global | Arm::Nonlocal => {
                self.push_extras(children, scope);
                let mut names: Vec<&'t str> = Vec::new();
                children.iter().for_each(|&Child { node: child, .. }| {
                    let walker = &mut *self;
                    if child.kind_id() == k.identifier {
                        names.push(walker.text_of(child));
                    }
                });
                let target = &mut self.facts.scopes[scope];
                if arm == Arm::Global {
                    target.globals.extend(names);
                } else {
                    target.nonlocals.extend(names);
                }
            }
            Arm::Import => {
                self.facts.imports.push(node);
                self.push_extras(children, scope);
                self.visit_import(scope, children);
            }
            Arm::Delete => self.push_named(children, scope, Mode::Store),
            Arm::Yield => {
                self.facts.scopes[scope].has_yield = true;
                self.push_named(children, scope, Mode::Load);
            }
            Arm::Comment => self.facts.comments.push(node),
            Arm::CaseClause => {
                children.iter().for_each(|&Child { node: child, .. }| {
                    let walker = &mut *self;
                    if child.is_named() {
                        let child_mode = if child.kind_id() == k.case_pattern {
                            Mode::Pattern
                        } else {
                            Mode::Load
                        };
                        walker.stack.push((child, scope, child_mode));
                    }
                });
            }
            Arm::DottedName if mode == Mode::Pattern => {
                // A single name captures; a dotted name is a value that is looked up.
                self.push_extras(children, scope);
                let first = node.named_child(0);
                if node.named_child_count() == 1 {
                    self.push(first, scope, Mode::Pattern);
                } else {
                    self.push(first, scope, Mode::Load);
                }
            }
            Arm::ClassPattern if mode == Mode::Pattern => {
                self.push_extras(children, scope);
                let mut index = 0;
                children.iter().for_each(|&Child { node: child, .. }| {
                    let walker = &mut *self;
                    if !child.is_named() {
                        return;
                    }
                    if index == 0 && child.kind_id() == k.dotted_name {
                        walker.push(child.named_child(0), scope, Mode::Load);
                    } else {
                        walker.stack.push((child, scope, Mode::Pattern));
                    }
                    index += 1;
                });
            }
            Arm::KeywordPattern if mode == Mode::Pattern => {
                // `x=<pattern>`: the keyword is an attribute name, not a binding.
                self.push_extras(children, scope);
                let mut index = 0;
                children.iter().for_each(|&Child { node: child, .. }| {
                    let walker = &mut *self;
                    if child.is_named() {
                        if index > 0 {
                            walker.stack.push((child, scope, Mode::Pattern));
                        }
                        index += 1;
                    }
                });
            }
            Arm::DictPattern if mode == Mode::Pattern => {
                // Keys are values to look up; values and `**rest` are patterns.
                children.iter().for_each(
                    |&Child {
                         node: child, field, ..
                     }| {
                        let walker = &mut *self;
                        if child.is_named() {
                            let child_mode = if field == f.key {
                                Mode::Load
                            } else {
                                Mode::Pattern
                            };
                            walker.stack.push((child, scope, child_mode));
                        }
                    },
                );
            }
            _ => self.push_named(children, scope, mode),
        }
    }

    /// Calls `each` on every child of `node`, in order.
    fn for_each_child(&mut self, node: Node<'t>, mut each: impl FnMut(&mut Self, Node<'t>)) {
        self.for_each_field_child(node, |walker, child, _| each(walker, child));
    }

    /// Calls `each` on every child of `node` with its field id (0 for none), in order.
    fn for_each_field_child(
        &mut self,
        node: Node<'t>,
        mut each: impl FnMut(&mut Self, Node<'t>, u16),
    ) {
        // Calls nest (a parameter's children inside the parameters'), so each level
        // takes a cursor of its own from the spares.
        let mut cursor = match self.spare_cursors.pop() {
            Some(mut cursor) => {
                cursor.reset(node);
                cursor
            }
            None => node.walk(),
        };
        if cursor.goto_first_child() {
            loop {
                let field = cursor.field_id().map_or(0, |field| field.get());
                each(self, cursor.node(), field);
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        self.spare_cursors.push(cursor);
    }

    fn visit_import(&mut self, scope: usize, children: &[Child<'t>]) {
        let (k, f) = (kinds(), fields());
        for child in children {
            if child.field != f.name {
                continue;
            }
            let child = child.node;
            let bound = if child.kind_id() == k.aliased_import {
                child.child_by_field_id(f.alias)
            } else if child.kind_id() == k.dotted_name {
                // `import a.b` binds `a`; `from m import x` binds `x`.
                child.named_child(0)
            } else {
                None
            };
            if let Some(bound) = bound {
                let name = self.text_of(bound);
                self.facts.imported_names.push(name);
                self.facts.scopes[scope].bound.insert(name);
            }
        }
    }

    fn visit_function(&mut self, node: Node<'t>, scope: usize, children: &[Child<'t>]) {
        let f = fields();
        self.push_extras(children, scope);
        self.bind_definition(scope, field(children, f.name));
        let function_scope = self.new_scope(ScopeKind::Function, Some(scope), node);
        if let Some(parameters) = field(children, f.parameters) {
            self.visit_parameters(parameters, scope, function_scope);
        }
        self.push(field(children, f.return_type), scope, Mode::Load);
        self.push(field(children, f.body), function_scope, Mode::Load);
    }

    fn visit_lambda(&mut self, node: Node<'t>, scope: usize, children: &[Child<'t>]) {
        let f = fields();
        self.push_extras(children, scope);
        let lambda_scope = self.new_scope(ScopeKind::Lambda, Some(scope), node);
        if let Some(parameters) = field(children, f.parameters) {
            self.visit_parameters(parameters, scope, lambda_scope);
        }
        self.push(field(children, f.body), lambda_scope, Mode::Load);
    }

    /// Parameter names bind in the function; defaults and annotations are evaluated
    /// in the scope around it.
    fn visit_parameters(&mut self, parameters: Node<'t>, outer: usize, inner: usize) {
        let (k, f) = (kinds(), fields());
        self.for_each_child(parameters, |walker, parameter| {
            if !parameter.is_named() {
                return;
            }
            let kind = parameter.kind_id();
            if kind == k.default_parameter || kind == k.typed_default_parameter {
                walker.push(parameter.child_by_field_id(f.name), inner, Mode::Store);
                walker.push(parameter.child_by_field_id(f.r#type), outer, Mode::Load);
                walker.push(parameter.child_by_field_id(f.value), outer, Mode::Load);
            } else if kind == k.typed_parameter {
                let annotation = parameter.child_by_field_id(f.r#type);
                walker.for_each_child(parameter, |walker, child| {
                    if !child.is_named() {
                    } else if Some(child) == annotation {
                        walker.stack.push((child, outer, Mode::Load));
                    } else {
                        walker.stack.push((child, inner, Mode::Store));
                    }
                });
            } else if kind == k.comment {
                walker.facts.comments.push(parameter);
            } else {
                walker.stack.push((parameter, inner, Mode::Store));
            }
        });
    }

    /// The first iterable of a comprehension is evaluated outside it; the rest inside.
    fn visit_comprehension(&mut self, node: Node<'t>, scope: usize, children: &[Child<'t>]) {
        let (k, f) = (kinds(), fields());
        let inner = self.new_scope(ScopeKind::Comprehension, Some(scope), node);
        let mut first_clause = true;
        children.iter().for_each(|&Child { node: child, .. }| {
            let walker = &mut *self;
            if !child.is_named() {
                return;
            }
            if child.kind_id() == k.for_in_clause && first_clause {
                first_clause = false;
                // The clause is not pushed, so it is visited here.
                let mut parts = Vec::new();
                let mut cursor = child.walk();
                collect_children(&mut cursor, child, &mut parts);
                (walker.visitor)(child, &parts);
                walker.push_extras(&parts, scope);
                walker.push(field(&parts, f.left), inner, Mode::Store);
                for part in &parts {
                    if part.node.is_named() && part.field == f.right {
                        walker.stack.push((part.node, scope, Mode::Load));
                    }
                }
            } else {
                walker.stack.push((child, inner, Mode::Load));
            }
        });
    }
}

/// How the walk treats a node kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arm {
    Identifier,
    Attribute,
    Subscript,
    KeywordArgument,
    Call,
    Decorator,
    Function,
    Lambda,
    Class,
    Comprehension,
    Assignment,
    AugmentedAssignment,
    For,
    AsPattern,
    NamedExpression,
    Global,
    Nonlocal,
    Import,
    Delete,
    Yield,
    Comment,
    CaseClause,
    DottedName,
    ClassPattern,
    KeywordPattern,
    DictPattern,
    /// `list`, `tuple`, `set`, `dictionary`: a display, or a target when bound to.
    Display,
    Other,
}

/// The arm of every node kind, by kind id.
fn arms() -> &'static [Arm] {
    static ARMS: OnceLock<Vec<Arm>> = OnceLock::new();
    ARMS.get_or_init(|| {
        let k = kinds();
        let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
        let mut arms = vec![Arm::Other; language.node_kind_count()];
        let table = [
            (k.identifier, Arm::Identifier),
            (k.attribute, Arm::Attribute),
            (k.subscript, Arm::Subscript),
            (k.keyword_argument, Arm::KeywordArgument),
            (k.call, Arm::Call),
            (k.decorator, Arm::Decorator),
            (k.function_definition, Arm::Function),
            (k.lambda, Arm::Lambda),
            (k.class_definition, Arm::Class),
            (k.list_comprehension, Arm::Comprehension),
            (k.set_comprehension, Arm::Comprehension),
            (k.dictionary_comprehension, Arm::Comprehension),
            (k.generator_expression, Arm::Comprehension),
            (k.assignment, Arm::Assignment),
            (k.augmented_assignment, Arm::AugmentedAssignment),
            (k.for_statement, Arm::For),
            (k.for_in_clause, Arm::For),
            (k.as_pattern, Arm::AsPattern),
            (k.named_expression, Arm::NamedExpression),
            (k.global_statement, Arm::Global),
            (k.nonlocal_statement, Arm::Nonlocal),
            (k.import_statement, Arm::Import),
            (k.import_from_statement, Arm::Import),
            (k.future_import_statement, Arm::Import),
            (k.delete_statement, Arm::Delete),
            (k.r#yield, Arm::Yield),
            (k.comment, Arm::Comment),
            (k.case_clause, Arm::CaseClause),
            (k.dotted_name, Arm::DottedName),
            (k.class_pattern, Arm::ClassPattern),
            (k.keyword_pattern, Arm::KeywordPattern),
            (k.dict_pattern, Arm::DictPattern),
            (k.list, Arm::Display),
            (k.tuple, Arm::Display),
            (k.set, Arm::Display),
            (k.dictionary, Arm::Display),
        ];
        for (kind, arm) in table {
            arms[kind as usize] = arm;
        }
        arms
    })
}

impl Facts<'_> {
    /// The function scopes (not lambdas) that have a free variable other than
    /// `__class__`, as CPython's symbol table computes them.
    pub fn closures(&self) -> Vec<usize> {
        let mut free = vec![false; self.scopes.len()];
        for (index, scope) in self.scopes.iter().enumerate() {
            for &name in scope.used.iter().chain(scope.nonlocals.iter()) {
                if name == "__class__" || scope.globals.contains(name) {
                    continue;
                }
                let local = scope.bound.contains(name) && !scope.nonlocals.contains(name);
                if local || scope.kind == ScopeKind::Module {
                    continue;
                }
                let mut chain = vec![index];
                let mut parent = scope.parent;
                while let Some(outer_index) = parent {
                    let outer = &self.scopes[outer_index];
                    match outer.kind {
                        ScopeKind::Module => break,
                        // Class scopes are invisible to the functions nested in them.
                        ScopeKind::Class => {}
                        ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension => {
                            if outer.globals.contains(name) {
                                break;
                            }
                            if outer.bound.contains(name) || outer.nonlocals.contains(name) {
                                for &inner in &chain {
                                    free[inner] = true;
                                }
                                break;
                            }
                        }
                    }
                    chain.push(outer_index);
                    parent = outer.parent;
                }
            }
        }
        (0..self.scopes.len())
            .filter(|&index| free[index] && self.scopes[index].kind == ScopeKind::Function)
            .collect()
    }
}
