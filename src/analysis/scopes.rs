//! One walk over a top-level statement: its scopes, and the sites other detectors need.
//!
//! The walk mirrors CPython's symbol table closely enough to find free variables
//! (the `closure` concept) and the functions whose own body yields (generator
//! functions), and on the way it collects calls, decorators, classes, imports,
//! comments and the names that shadow builtins at module level.
//!
//! It is iterative, so a 5,000-deep nesting of brackets cannot overflow the stack.

use std::collections::HashSet;

use tree_sitter::Node;

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

struct Walker<'t> {
    text: &'t str,
    facts: Facts<'t>,
    stack: Vec<(Node<'t>, usize, Mode)>,
}

/// Walks `statement` (a direct child of the module) and returns its facts.
pub fn walk<'t>(statement: Node<'t>, text: &'t str) -> Facts<'t> {
    let mut walker = Walker {
        text,
        facts: Facts::default(),
        stack: Vec::new(),
    };
    let module = walker.new_scope(ScopeKind::Module, None, statement);
    walker.stack.push((statement, module, Mode::Load));
    while let Some((node, scope, mode)) = walker.stack.pop() {
        walker.visit(node, scope, mode);
    }
    walker.facts
}

impl<'t> Walker<'t> {
    fn new_scope(&mut self, kind: ScopeKind, parent: Option<usize>, node: Node<'t>) -> usize {
        self.facts.scopes.push(Scope {
            kind,
            parent,
            node,
            bound: HashSet::new(),
            used: HashSet::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
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

    fn push_children(&mut self, node: Node<'t>, scope: usize, mode: Mode) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            self.stack.push((child, scope, mode));
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

    fn visit(&mut self, node: Node<'t>, scope: usize, mode: Mode) {
        if matches!(mode, Mode::Store | Mode::Assign)
            && matches!(node.kind(), "list" | "tuple" | "set" | "dictionary")
        {
            self.facts.target_displays.push(node.id());
        }
        match node.kind() {
            "identifier" => {
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
            "attribute" => self.push(node.child_by_field_name("object"), scope, Mode::Load),
            "subscript" => self.push_children(node, scope, Mode::Load),
            "keyword_argument" => self.push(node.child_by_field_name("value"), scope, Mode::Load),
            "call" => {
                self.facts.calls.push(node);
                self.push_children(node, scope, Mode::Load);
            }
            "decorator" => {
                self.facts.decorators.push((node, scope));
                self.push_children(node, scope, Mode::Load);
            }
            "function_definition" => self.visit_function(node, scope),
            "lambda" => self.visit_lambda(node, scope),
            "class_definition" => {
                self.bind_definition(scope, node.child_by_field_name("name"));
                self.facts.classes.push(node);
                self.push(node.child_by_field_name("superclasses"), scope, Mode::Load);
                let class_scope = self.new_scope(ScopeKind::Class, Some(scope), node);
                self.push(node.child_by_field_name("body"), class_scope, Mode::Load);
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => self.visit_comprehension(node, scope),
            "assignment" => {
                self.push(node.child_by_field_name("left"), scope, Mode::Assign);
                self.push(node.child_by_field_name("right"), scope, Mode::Load);
                self.push(node.child_by_field_name("type"), scope, Mode::Load);
            }
            "augmented_assignment" => {
                let left = node.child_by_field_name("left");
                self.push(left, scope, Mode::Assign);
                self.push(left, scope, Mode::Load);
                self.push(node.child_by_field_name("right"), scope, Mode::Load);
            }
            "for_statement" | "for_in_clause" => {
                self.push(node.child_by_field_name("left"), scope, Mode::Store);
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    if Some(child) != node.child_by_field_name("left") {
                        self.stack.push((child, scope, Mode::Load));
                    }
                }
            }
            "as_pattern" => {
                let alias = node.child_by_field_name("alias");
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    if Some(child) == alias {
                        self.stack.push((child, scope, Mode::Store));
                    } else if mode == Mode::Pattern && child.kind() == "identifier" {
                        // `case <pattern> as name:`
                        self.stack.push((child, scope, Mode::Pattern));
                    } else {
                        self.stack.push((child, scope, mode));
                    }
                }
            }
            // In `f"{x:=10}"` the `:` starts a format spec: `x` is only read.
            "named_expression" if super::is_misread_format_spec(node) => {
                self.push(node.child_by_field_name("name"), scope, Mode::Load);
            }
            "named_expression" => {
                // `(x := v)` binds `x` in the nearest scope that is not a comprehension;
                // the comprehensions in between see it as a free variable.
                let mut target = scope;
                while self.facts.scopes[target].kind == ScopeKind::Comprehension {
                    if let Some(name) = node.child_by_field_name("name") {
                        let name = self.text_of(name);
                        self.facts.scopes[target].nonlocals.insert(name);
                    }
                    target = self.facts.scopes[target].parent.unwrap_or(target);
                }
                self.push(node.child_by_field_name("name"), target, Mode::Assign);
                self.push(node.child_by_field_name("value"), scope, Mode::Load);
            }
            "global_statement" | "nonlocal_statement" => {
                let mut cursor = node.walk();
                let names: Vec<&'t str> = node
                    .named_children(&mut cursor)
                    .filter(|child| child.kind() == "identifier")
                    .map(|child| self.text_of(child))
                    .collect();
                let target = &mut self.facts.scopes[scope];
                if node.kind() == "global_statement" {
                    target.globals.extend(names);
                } else {
                    target.nonlocals.extend(names);
                }
            }
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                self.facts.imports.push(node);
                self.visit_import(node, scope);
            }
            "delete_statement" => self.push_children(node, scope, Mode::Store),
            "yield" => {
                self.facts.scopes[scope].has_yield = true;
                self.push_children(node, scope, Mode::Load);
            }
            "comment" => self.facts.comments.push(node),
            "case_clause" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    let child_mode = if child.kind() == "case_pattern" {
                        Mode::Pattern
                    } else {
                        Mode::Load
                    };
                    self.stack.push((child, scope, child_mode));
                }
            }
            "dotted_name" if mode == Mode::Pattern => {
                // A single name captures; a dotted name is a value that is looked up.
                let first = node.named_child(0);
                if node.named_child_count() == 1 {
                    self.push(first, scope, Mode::Pattern);
                } else {
                    self.push(first, scope, Mode::Load);
                }
            }
            "class_pattern" if mode == Mode::Pattern => {
                let mut cursor = node.walk();
                for (index, child) in node.named_children(&mut cursor).enumerate() {
                    let child_mode = if index == 0 && child.kind() == "dotted_name" {
                        Mode::Load
                    } else {
                        Mode::Pattern
                    };
                    if child_mode == Mode::Load {
                        self.push(child.named_child(0), scope, Mode::Load);
                    } else {
                        self.stack.push((child, scope, child_mode));
                    }
                }
            }
            "keyword_pattern" if mode == Mode::Pattern => {
                // `x=<pattern>`: the keyword is an attribute name, not a binding.
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor).skip(1) {
                    self.stack.push((child, scope, Mode::Pattern));
                }
            }
            "dict_pattern" if mode == Mode::Pattern => {
                let mut cursor = node.walk();
                for (index, child) in node.children(&mut cursor).enumerate() {
                    if !child.is_named() {
                        continue;
                    }
                    // Keys are values to look up; values and `**rest` are patterns.
                    let child_mode = if node.field_name_for_child(index as u32) == Some("key") {
                        Mode::Load
                    } else {
                        Mode::Pattern
                    };
                    self.stack.push((child, scope, child_mode));
                }
            }
            _ => self.push_children(node, scope, mode),
        }
    }

    fn visit_import(&mut self, node: Node<'t>, scope: usize) {
        let mut cursor = node.walk();
        for (index, child) in node.children(&mut cursor).enumerate() {
            if node.field_name_for_child(index as u32) != Some("name") {
                continue;
            }
            let bound = match child.kind() {
                "aliased_import" => child.child_by_field_name("alias"),
                // `import a.b` binds `a`; `from m import x` binds `x`.
                "dotted_name" => child.named_child(0),
                _ => None,
            };
            if let Some(bound) = bound {
                let name = self.text_of(bound);
                self.facts.imported_names.push(name);
                self.facts.scopes[scope].bound.insert(name);
            }
        }
    }

    fn visit_function(&mut self, node: Node<'t>, scope: usize) {
        self.bind_definition(scope, node.child_by_field_name("name"));
        let function_scope = self.new_scope(ScopeKind::Function, Some(scope), node);
        if let Some(parameters) = node.child_by_field_name("parameters") {
            self.visit_parameters(parameters, scope, function_scope);
        }
        self.push(node.child_by_field_name("return_type"), scope, Mode::Load);
        self.push(node.child_by_field_name("body"), function_scope, Mode::Load);
    }

    fn visit_lambda(&mut self, node: Node<'t>, scope: usize) {
        let lambda_scope = self.new_scope(ScopeKind::Lambda, Some(scope), node);
        if let Some(parameters) = node.child_by_field_name("parameters") {
            self.visit_parameters(parameters, scope, lambda_scope);
        }
        self.push(node.child_by_field_name("body"), lambda_scope, Mode::Load);
    }

    /// Parameter names bind in the function; defaults and annotations are evaluated
    /// in the scope around it.
    fn visit_parameters(&mut self, parameters: Node<'t>, outer: usize, inner: usize) {
        let mut cursor = parameters.walk();
        for parameter in parameters.named_children(&mut cursor) {
            match parameter.kind() {
                "default_parameter" | "typed_default_parameter" => {
                    self.push(parameter.child_by_field_name("name"), inner, Mode::Store);
                    self.push(parameter.child_by_field_name("type"), outer, Mode::Load);
                    self.push(parameter.child_by_field_name("value"), outer, Mode::Load);
                }
                "typed_parameter" => {
                    let kind = parameter.child_by_field_name("type");
                    let mut inner_cursor = parameter.walk();
                    for child in parameter.named_children(&mut inner_cursor) {
                        if Some(child) == kind {
                            self.stack.push((child, outer, Mode::Load));
                        } else {
                            self.stack.push((child, inner, Mode::Store));
                        }
                    }
                }
                "comment" => self.facts.comments.push(parameter),
                _ => self.stack.push((parameter, inner, Mode::Store)),
            }
        }
    }

    /// The first iterable of a comprehension is evaluated outside it; the rest inside.
    fn visit_comprehension(&mut self, node: Node<'t>, scope: usize) {
        let inner = self.new_scope(ScopeKind::Comprehension, Some(scope), node);
        let mut first_clause = true;
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if child.kind() == "for_in_clause" && first_clause {
                first_clause = false;
                self.push(child.child_by_field_name("left"), inner, Mode::Store);
                let mut clause_cursor = child.walk();
                for (index, part) in child.children(&mut clause_cursor).enumerate() {
                    if part.is_named() && child.field_name_for_child(index as u32) == Some("right")
                    {
                        self.stack.push((part, scope, Mode::Load));
                    }
                }
            } else {
                self.stack.push((child, inner, Mode::Load));
            }
        }
    }
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
