//! Class-body patterns: what a class inherits from, and which methods its body defines.
//!
//! "Defined in a class body" includes `def`s inside `if`/`try`/`with` (and other
//! compound statement) blocks of the body, but not those inside nested functions or
//! nested classes; an assignment such as `__radd__ = __add__` is not a definition.

use tree_sitter::Node;

use super::names::unwrapped;

/// The positional bases of a class (`*bases` included), in order.
pub fn positional_bases<'t>(class: Node<'t>) -> Vec<Node<'t>> {
    let Some(arguments) = class.child_by_field_id(crate::analysis::kinds::fields().superclasses)
    else {
        return Vec::new();
    };
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|argument| {
            !matches!(
                argument.kind(),
                "keyword_argument" | "dictionary_splat" | "comment"
            )
        })
        .collect()
}

/// The value of the `metaclass=` keyword of a class, if it has one.
pub fn metaclass<'t>(class: Node<'t>, text: &str) -> Option<Node<'t>> {
    let arguments = class.child_by_field_id(crate::analysis::kinds::fields().superclasses)?;
    let mut cursor = arguments.walk();
    let keyword = arguments.named_children(&mut cursor).find(|argument| {
        argument.kind() == "keyword_argument"
            && argument
                .child_by_field_id(crate::analysis::kinds::fields().name)
                .is_some_and(|name| &text[name.byte_range()] == "metaclass")
    })?;
    keyword.child_by_field_id(crate::analysis::kinds::fields().value)
}

/// A method defined directly in a class body.
#[derive(Clone, Copy, Debug)]
pub struct Method<'t> {
    pub name: &'t str,
    /// The `function_definition` node.
    pub node: Node<'t>,
    /// The `decorated_definition` around it, if any.
    pub decorated: Option<Node<'t>>,
}

/// The methods a class body defines, in source order.
pub fn methods<'t>(class: Node<'t>, text: &'t str) -> Vec<Method<'t>> {
    let mut found = Vec::new();
    let Some(body) = class.child_by_field_id(crate::analysis::kinds::fields().body) else {
        return found;
    };
    let mut pending = vec![body];
    while let Some(block) = pending.pop() {
        let mut cursor = block.walk();
        for statement in block.named_children(&mut cursor) {
            match statement.kind() {
                "function_definition" => push_method(&mut found, statement, None, text),
                "decorated_definition" => {
                    if let Some(definition) =
                        statement.child_by_field_id(crate::analysis::kinds::fields().definition)
                    {
                        if definition.kind() == "function_definition" {
                            push_method(&mut found, definition, Some(statement), text);
                        }
                    }
                }
                "class_definition" => {}
                _ => collect_blocks(statement, &mut pending),
            }
        }
    }
    found.sort_by_key(|method| method.node.start_byte());
    found
}

fn push_method<'t>(
    found: &mut Vec<Method<'t>>,
    node: Node<'t>,
    decorated: Option<Node<'t>>,
    text: &'t str,
) {
    if let Some(name) = node.child_by_field_id(crate::analysis::kinds::fields().name) {
        found.push(Method {
            name: &text[name.byte_range()],
            node,
            decorated,
        });
    }
}

/// The blocks of a compound statement (`if`, `try`, `with`, `for`, `while`, `match`
/// and their clauses), where definitions still belong to the class body.
fn collect_blocks<'t>(statement: Node<'t>, pending: &mut Vec<Node<'t>>) {
    let compound = matches!(
        statement.kind(),
        "if_statement"
            | "elif_clause"
            | "else_clause"
            | "try_statement"
            | "except_clause"
            | "except_group_clause"
            | "finally_clause"
            | "with_statement"
            | "for_statement"
            | "while_statement"
            | "match_statement"
            | "case_clause"
    );
    if !compound {
        return;
    }
    let mut cursor = statement.walk();
    for child in statement.named_children(&mut cursor) {
        if child.kind() == "block" {
            pending.push(child);
        } else {
            collect_blocks(child, pending);
        }
    }
}

/// The first parameter's name of a function, if it is a plain name.
pub fn first_parameter<'t>(function: Node<'t>, text: &'t str) -> Option<&'t str> {
    let parameters = function.child_by_field_id(crate::analysis::kinds::fields().parameters)?;
    let mut cursor = parameters.walk();
    let first = parameters
        .named_children(&mut cursor)
        .find(|node| node.kind() != "comment")?;
    let name = match first.kind() {
        "identifier" => first,
        "typed_parameter" => first
            .named_child(0)
            .filter(|node| node.kind() == "identifier")?,
        "default_parameter" | "typed_default_parameter" => {
            first.child_by_field_id(crate::analysis::kinds::fields().name)?
        }
        _ => return None,
    };
    Some(&text[name.byte_range()])
}

/// Walks the body of a function without entering nested functions, lambdas or
/// classes, and returns whether `predicate` holds for any node on the way.
pub fn own_body_contains(function: Node<'_>, predicate: impl Fn(Node<'_>) -> bool) -> bool {
    let Some(body) = function.child_by_field_id(crate::analysis::kinds::fields().body) else {
        return false;
    };
    let mut pending = vec![body];
    while let Some(node) = pending.pop() {
        if predicate(node) {
            return true;
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if !matches!(
                child.kind(),
                "function_definition" | "class_definition" | "lambda" | "decorated_definition"
            ) {
                pending.push(child);
            }
        }
    }
    false
}

/// Whether `__new__`'s body assigns to an attribute of its first parameter
/// (`cls._instance = ...`): the singleton pattern.
pub fn assigns_to_first_parameter(function: Node<'_>, text: &str) -> bool {
    let Some(first) = first_parameter(function, text) else {
        return false;
    };
    own_body_contains(function, |node| {
        if !matches!(node.kind(), "assignment" | "augmented_assignment") {
            return false;
        }
        let Some(left) = node.child_by_field_id(crate::analysis::kinds::fields().left) else {
            return false;
        };
        target_attributes(left).into_iter().any(|attribute| {
            attribute
                .child_by_field_id(crate::analysis::kinds::fields().object)
                .map(unwrapped)
                .is_some_and(|object| {
                    object.kind() == "identifier" && &text[object.byte_range()] == first
                })
        })
    })
}

/// The attribute targets of an assignment's left side, through tuple and list patterns.
fn target_attributes(left: Node<'_>) -> Vec<Node<'_>> {
    let mut found = Vec::new();
    let mut pending = vec![left];
    while let Some(node) = pending.pop() {
        match node.kind() {
            "attribute" => found.push(node),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "list_splat_pattern"
            | "parenthesized_expression" => {
                let mut cursor = node.walk();
                pending.extend(node.named_children(&mut cursor));
            }
            _ => {}
        }
    }
    found
}

/// Whether a method's own body contains `return cls(...)`: the factory pattern.
/// Parentheses do not matter: `return (cls(...))` and `return (cls)(...)` count too.
pub fn returns_new_cls(function: Node<'_>, text: &str) -> bool {
    own_body_contains(function, |node| {
        node.kind() == "return_statement"
            && node.named_child(0).map(unwrapped).is_some_and(|value| {
                value.kind() == "call"
                    && value
                        .child_by_field_id(crate::analysis::kinds::fields().function)
                        .map(unwrapped)
                        .is_some_and(|callee| {
                            callee.kind() == "identifier" && &text[callee.byte_range()] == "cls"
                        })
            })
    })
}
