//! The node kinds and fields of tree-sitter-python that the Rust detectors name, as ids,
//! and the children of a node as one pass of a cursor gives them.
//!
//! Comparing a node's `kind_id()` with a number is much cheaper than comparing its
//! `kind()` string (which tree-sitter hands out as a C string), and `child_by_field_id`
//! than `child_by_field_name` (which looks the name up in the grammar's field table
//! on every call). The ids are looked up by name once, when first needed.

use std::sync::OnceLock;

use tree_sitter::{Node, TreeCursor};

macro_rules! grammar_ids {
    (kinds { $($kind:ident),* $(,)? } tokens { $($token:ident = $text:literal),* $(,)? } fields { $($field:ident),* $(,)? }) => {
        /// Kind ids of named nodes (and of the few tokens the detectors look for).
        #[allow(non_snake_case)]
        pub struct Kinds {
            $(pub $kind: u16,)*
            $(pub $token: u16,)*
        }

        /// Field ids.
        #[allow(non_snake_case)]
        pub struct Fields {
            $(pub $field: u16,)*
        }

        fn build() -> (Kinds, Fields) {
            let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
            let kind = |name: &str, named: bool| {
                let id = language.id_for_node_kind(name, named);
                assert!(id != 0, "tree-sitter-python has a node kind `{name}`");
                id
            };
            let field = |name: &str| {
                language
                    .field_id_for_name(name)
                    .unwrap_or_else(|| panic!("tree-sitter-python has a field `{name}`"))
                    .get()
            };
            (
                Kinds {
                    $($kind: kind(stringify!($kind).trim_start_matches("r#"), true),)*
                    $($token: kind($text, false),)*
                },
                Fields {
                    $($field: field(stringify!($field).trim_start_matches("r#")),)*
                },
            )
        }
    };
}

grammar_ids! {
    kinds {
        aliased_import, argument_list, as_pattern, assignment, attribute, augmented_assignment,
        block, call, case_clause, case_pattern, class_definition, class_pattern, comment,
        concatenated_string, decorated_definition, decorator, default_parameter, delete_statement,
        dict_pattern, dictionary, dictionary_comprehension, dotted_name, expression_list,
        for_in_clause, for_statement, function_definition, future_import_statement,
        generator_expression, global_statement, identifier, if_statement, import_from_statement,
        import_statement, interpolation, keyword_argument, keyword_pattern, lambda, list,
        list_comprehension, list_splat, match_statement, named_expression, nonlocal_statement,
        parenthesized_expression, relative_import, return_statement, set, set_comprehension,
        string, subscript, try_statement, tuple, typed_default_parameter, typed_parameter,
        while_statement, with_statement, r#yield,
    }
    tokens {
        colon = ":",
    }
    fields {
        alias, arguments, attribute, body, definition, function, key, left, module_name, name,
        object, parameters, return_type, right, superclasses, r#type, value,
    }
}

static IDS: OnceLock<(Kinds, Fields)> = OnceLock::new();

/// The kind ids.
pub fn kinds() -> &'static Kinds {
    &IDS.get_or_init(build).0
}

/// The field ids.
pub fn fields() -> &'static Fields {
    &IDS.get_or_init(build).1
}

/// One child of a node, as a cursor gives it: with its field and how many named
/// siblings come before it.
#[derive(Clone, Copy, Debug)]
pub struct Child<'t> {
    pub node: Node<'t>,
    /// The field id, 0 for none.
    pub field: u16,
    pub named_before: u16,
}

/// Appends the children of `node` to `children`, through `cursor`.
pub fn collect_children<'t>(
    cursor: &mut TreeCursor<'t>,
    node: Node<'t>,
    children: &mut Vec<Child<'t>>,
) {
    if node.child_count() == 0 {
        return;
    }
    cursor.reset(node);
    if !cursor.goto_first_child() {
        return;
    }
    let mut named_before = 0u16;
    loop {
        let child = cursor.node();
        children.push(Child {
            node: child,
            field: cursor.field_id().map_or(0, |field| field.get()),
            named_before,
        });
        named_before = named_before.saturating_add(u16::from(child.is_named()));
        if !cursor.goto_next_sibling() {
            break;
        }
    }
}

/// The first child with field `field`.
pub fn field<'t>(children: &[Child<'t>], field: u16) -> Option<Node<'t>> {
    children
        .iter()
        .find(|child| child.field == field)
        .map(|child| child.node)
}
