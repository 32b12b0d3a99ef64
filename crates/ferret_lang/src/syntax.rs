//! Per-language syntax facts: how the pattern engine wraps and reads a language, how its
//! comments are written, and which node kinds the taint lowering treats as functions, classes,
//! calls, returns, branches, loops, member accesses, names, literals, assignments and the other
//! families of nodes it reads ([`FlowKinds`]). Each language's table lives in its own
//! file under `syntax/`; adding a language means adding one file there and one arm to
//! [`syntax`].

use crate::Language;

/// Facts about one language's concrete syntax, as its tree-sitter grammar exposes it.
#[derive(Debug)]
pub struct Syntax {
    /// The language.
    pub lang: Language,
    /// Contexts in which a pattern is parsed, tried in order: text before and after the
    /// pattern. The first context in which the pattern parses without error wins.
    pub wrappers: &'static [(&'static str, &'static str)],
    /// Prefix of metavariable placeholders (`$` in PHP, where `$X` is a variable already).
    pub sigil: &'static str,
    /// Statement forms tried for a `...` that stands alone on a line, besides the bare form.
    pub stmt_ellipsis: &'static [&'static str],
    /// Node kinds that are string literals.
    pub string_kinds: &'static [&'static str],
    /// Node kinds that are comments.
    pub comment_kinds: &'static [&'static str],
    /// Line-comment introducers, for test annotations and suppressions.
    pub line_comments: &'static [&'static str],
    /// Node kinds that a pattern may leave out even where the code has them
    /// (modifiers, annotations, type annotations).
    pub optional_kinds: &'static [&'static str],
    /// Node kinds whose children match as an unordered subset (modifier lists).
    pub unordered_kinds: &'static [&'static str],
    /// Node kinds of keyword (named) arguments, which match in any order.
    pub keyword_arg_kinds: &'static [&'static str],
    /// Node kinds of parenthesised expressions, which match their content.
    pub paren_kinds: &'static [&'static str],
    /// Node kinds of expression statements, unwrapped when a pattern is a lone expression.
    pub expr_stmt_kinds: &'static [&'static str],
    /// Node kinds that hold a sequence of statements.
    pub block_kinds: &'static [&'static str],
    /// Declarators of a declaration that may declare several names (`var a = 1, b = f()`):
    /// a pattern that declares one name matches each of them, as if each had a declaration
    /// of its own.
    pub declarator_kinds: &'static [&'static str],
    /// Node kinds the taint lowering recognises.
    pub flow: FlowKinds,
}

/// Node kinds that the taint lowering gives a meaning, for one grammar: one table per family of
/// nodes (functions, calls, assignments, literals, branches, loops, ...). A kind is listed only
/// if the grammar has it, so a table says which language a kind belongs to. Kinds are matched by
/// name, and a few names are also keyword tokens of their grammar (`if`, `return`). The lowering
/// tests a node's kind only against these tables, never by its spelling.
#[derive(Debug)]
pub struct FlowKinds {
    /// Functions, methods and constructors (closures are in `closures`).
    pub functions: &'static [&'static str],
    /// Closures and lambdas: lowered in place as values of the function around them.
    pub closures: &'static [&'static str],
    /// Kinds of `functions` that are anonymous values: met in an expression, they are lowered
    /// in place like closures; met as a statement, they are lowered as functions of their own.
    pub anonymous_functions: &'static [&'static str],
    /// Classes and class-like scopes (structs, interfaces, enums, modules, impls).
    pub classes: &'static [&'static str],
    /// Calls, constructor calls and macro invocations.
    pub calls: &'static [&'static str],
    /// Return statements (Kotlin's `jump_expression` only when it starts with `return`).
    pub returns: &'static [&'static str],
    /// Conditional branches: `if`, `elif`, `unless` and their modifier forms.
    pub branches: &'static [&'static str],
    /// Branches whose condition is negated (Ruby's `unless`).
    pub negated_branches: &'static [&'static str],
    /// Loops.
    pub loops: &'static [&'static str],
    /// Loops whose body runs once before the condition is tested (`do ... while`).
    pub post_test_loops: &'static [&'static str],
    /// Member accesses (`a.b`, `a->b`, `A::b`) that name a dotted path.
    pub members: &'static [&'static str],
    /// Callee kinds that split into a receiver and a method name (`obj.m(...)`).
    pub method_callees: &'static [&'static str],
    /// Comments, skipped wherever the lowering reads children.
    pub comments: &'static [&'static str],
    /// Names: identifiers and the kinds that stand for one (`self`, `this`, `$x`, `@x`).
    pub identifiers: &'static [&'static str],
    /// Type nodes, skipped when the lowering looks for an initial value.
    pub types: &'static [&'static str],
    /// Kinds of `types` that are expressions too (casts, `typeof`), lowered as operands.
    pub typed_expressions: &'static [&'static str],
    /// Modifier lists, skipped when the lowering looks for an initial value.
    pub modifier_lists: &'static [&'static str],
    /// The literal `true`.
    pub true_literals: &'static [&'static str],
    /// The literal `false`.
    pub false_literals: &'static [&'static str],
    /// Null literals (`null`, `nil`, `nullptr`).
    pub null_literals: &'static [&'static str],
    /// Boolean literals whose text says which (`true` or `false`).
    pub boolean_literals: &'static [&'static str],
    /// Integer and other number literals.
    pub integer_literals: &'static [&'static str],
    /// Character literals, read as their code point.
    pub char_literals: &'static [&'static str],
    /// String literals that may have a constant value.
    pub strings: &'static [&'static str],
    /// Adjacent string literals, constant when every part is.
    pub concatenated_strings: &'static [&'static str],
    /// Children that make a string not constant (interpolations, embedded expressions).
    pub interpolations: &'static [&'static str],
    /// Parameters, never assignments even with a default value.
    pub parameters: &'static [&'static str],
    /// Parameter lists of a function without a `parameters` field.
    pub parameter_lists: &'static [&'static str],
    /// Groups of closure parameters without a `parameters` field (Ruby `|x|`, Kotlin `a ->`).
    pub parameter_groups: &'static [&'static str],
    /// Variadic parameters (`*args`, `...rest`, `T... xs`).
    pub variadic_parameters: &'static [&'static str],
    /// Assignments and declarations whose `left` and `right` fields are target and value.
    pub pair_assignments: &'static [&'static str],
    /// Declarators: a declared name with an optional initial value.
    pub declarators: &'static [&'static str],
    /// Declarations that a declarator may hold as its target.
    pub nested_declarations: &'static [&'static str],
    /// Assignments without `left` and `right` fields: the first and last named children.
    pub positional_assignments: &'static [&'static str],
    /// Assignments that declare the names they write (locals of the function).
    pub declaring_assignments: &'static [&'static str],
    /// Compound assignments (`x += v`), which keep what the target held.
    pub compound_assignments: &'static [&'static str],
    /// Wrappers of an initial value (`= v`).
    pub value_clauses: &'static [&'static str],
    /// Expression lists (`a, b`); a one-item list is its item.
    pub expression_lists: &'static [&'static str],
    /// Lists, lowered item by item even when they have assignment fields.
    pub lists: &'static [&'static str],
    /// Declarators around the declared name (`*p`, `a[4]`, `&r`, `(x)`).
    pub declarator_wrappers: &'static [&'static str],
    /// Targets that write into their operand (`*p = v`, `a[i] = v`).
    pub indexed_places: &'static [&'static str],
    /// Targets that write their name or pattern (`(x)`, `x: int`, `a, b`).
    pub named_places: &'static [&'static str],
    /// Targets that write each of their items (`a, b = ...`, `[a, b] = ...`).
    pub destructurings: &'static [&'static str],
    /// Subscripts whose constant key names a container entry (`m["k"]`, `a[0]`).
    pub keyed_subscripts: &'static [&'static str],
    /// Subscripts `base[i]` (`keyed_subscripts` and those whose elements are not told apart).
    pub subscripts: &'static [&'static str],
    /// Wrappers of a subscript's key (`[k]` in C#, Kotlin).
    pub key_wrappers: &'static [&'static str],
    /// Unary expressions that may negate a constant key (`a[-1]`).
    pub negations: &'static [&'static str],
    /// Switches: `switch`, `match`, `when`, `case`; one of their cases runs, or none.
    pub switches: &'static [&'static str],
    /// Case statements that are a switch of their own at the top level of a `programs` root.
    pub loose_cases: &'static [&'static str],
    /// Roots under which a `loose_cases` statement is a switch.
    pub programs: &'static [&'static str],
    /// Python's `match`, lowered as a chain of tests of its subject.
    pub match_statements: &'static [&'static str],
    /// `try` statements and expressions (Ruby `begin`).
    pub tries: &'static [&'static str],
    /// Exception handlers of a `try` (`catch`, `except`, `rescue`).
    pub handlers: &'static [&'static str],
    /// `else` clauses, lowered as the statements they hold.
    pub else_clauses: &'static [&'static str],
    /// Children of a branch that are its alternatives (`else`, `elif`, `elsif`).
    pub alternatives: &'static [&'static str],
    /// Loops whose variable is their `name` field (Java and C# `for (T x : xs)`).
    pub named_loop_targets: &'static [&'static str],
    /// Loops whose variable is their `declarator` field (C++ `for (T x : xs)`).
    pub declarator_loop_targets: &'static [&'static str],
    /// Go's `range` clause, which holds the loop's variables and collection.
    pub range_clauses: &'static [&'static str],
    /// Jumps that are returns only when their text starts with `return` (Kotlin).
    pub bare_jumps: &'static [&'static str],
    /// Expression statements, each child lowered as an expression.
    pub expression_statements: &'static [&'static str],
    /// Statements and blocks lowered as the sequence of their children.
    pub containers: &'static [&'static str],
    /// Binary operators (two operands).
    pub binaries: &'static [&'static str],
    /// Conditional expressions (`c ? a : b`, `a if c else b`).
    pub conditionals: &'static [&'static str],
    /// Unary operators (one operand).
    pub unaries: &'static [&'static str],
    /// Wrappers of a single expression (parentheses, arguments).
    pub wrappers: &'static [&'static str],
    /// List and tuple displays whose items are kept apart (Python).
    pub sequence_literals: &'static [&'static str],
    /// Unpacked items (`*xs`), which make a display's items unknown.
    pub splats: &'static [&'static str],
    /// Dictionary displays whose constant keys are kept apart (Python).
    pub dict_literals: &'static [&'static str],
    /// Key-value pairs of a dictionary display.
    pub pairs: &'static [&'static str],
    /// Argument lists of a call without an `arguments` field.
    pub argument_lists: &'static [&'static str],
    /// Argument lists nested as the only child of another (Kotlin's `call_suffix`).
    pub nested_argument_lists: &'static [&'static str],
    /// Composite literals, whose elements are arguments (Go `T{F: v}`).
    pub composite_literals: &'static [&'static str],
    /// Macro invocations, whose token tree holds the arguments.
    pub macro_calls: &'static [&'static str],
    /// The token tree of a macro invocation.
    pub macro_arguments: &'static [&'static str],
    /// The end of a C or C++ declarator chain: the function's name.
    pub declarator_names: &'static [&'static str],
    /// Identifiers that name a function without a `name` field.
    pub name_identifiers: &'static [&'static str],
    /// Go method receivers, not parameters.
    pub receivers: &'static [&'static str],
    /// Function bodies and blocks; a body of another kind is an expression body.
    pub bodies: &'static [&'static str],
    /// Expression bodies (`=> e`, Kotlin `= e`).
    pub expression_bodies: &'static [&'static str],
    /// Namespaces, whose name scopes the functions inside.
    pub namespaces: &'static [&'static str],
    /// Namespaces that apply to the rest of the file (C# `namespace A.B;`).
    pub file_namespaces: &'static [&'static str],
    /// Nodes whose children may be functions (class bodies, namespaces, exports).
    pub member_containers: &'static [&'static str],
    /// Blocks that hold the members of a `block_classes` class.
    pub class_blocks: &'static [&'static str],
    /// Classes whose members are in a `class_blocks` block.
    pub block_classes: &'static [&'static str],
    /// Declarations that may bind a constant (a literal initial value).
    pub const_declarators: &'static [&'static str],
    /// Declarations of class fields and top-level variables.
    pub field_declarators: &'static [&'static str],
    /// Names of declared fields and variables (PHP `$x` too).
    pub field_names: &'static [&'static str],
    /// The plain identifier kind, where C and C++ aliases and Python `match` captures read one.
    pub plain_identifiers: &'static [&'static str],
    /// C and C++: wrappers of a `switch` subject (`(x)`).
    pub switch_subject_wrappers: &'static [&'static str],
    /// C and C++: the cases of a `switch` body, tested against a constant subject.
    pub case_labels: &'static [&'static str],
    /// Statements that end a case's fall-through (`break`, `return`, `throw`): C and C++ for
    /// a constant subject, Java and C# for their `case_groups`.
    pub case_exits: &'static [&'static str],
    /// Java and C#: a switch body's groups of labels and statements (`case 1: case 2: a(); b();`).
    /// The statements run in order; a group that does not end in a `case_exits` statement falls
    /// through into the next.
    pub case_groups: &'static [&'static str],
    /// Java and C#: cases that never fall through (`case 1 -> a();`, `"x" => a`): their
    /// statements run in order; in a `switch_values` expression the last one is the value.
    pub case_arms: &'static [&'static str],
    /// Java: the labels of a group or arm (`case 1:`, `default ->`), which run nothing.
    pub switch_labels: &'static [&'static str],
    /// The `default` keyword of a label: a switch with one runs one of its cases.
    pub default_labels: &'static [&'static str],
    /// Java and C#: switch expressions, whose value is their arms' values (not their subject's).
    pub switch_values: &'static [&'static str],
    /// JavaScript and TypeScript: declarations, assignments and class fields that bind a
    /// closure or anonymous function to a name (`const f = (x) => ...`, `handle = function
    /// () {}`), so that a call of that name runs it: the function value is also lowered as a
    /// function of that name.
    pub function_bindings: &'static [&'static str],
    /// JavaScript and TypeScript: the objects whose members a module exports (`exports`,
    /// `module.exports`), as source text. A function bound to such a member
    /// (`exports.f = function ...`) is the module's function `f`.
    pub export_objects: &'static [&'static str],
    /// C and C++: `*p` and `&x`.
    pub pointer_expressions: &'static [&'static str],
    /// C and C++: `s.f` and `p->f`, where a union's members share storage.
    pub field_expressions: &'static [&'static str],
    /// C and C++: assignment targets whose `argument` the assignment reads (`a[i]`, `s.f`, `*p`).
    pub written_bases: &'static [&'static str],
    /// C and C++: parameter declarators a function may write through (`T *p`, `T &r`).
    pub out_declarators: &'static [&'static str],
    /// `new` expressions, whose `new_declarators` hold array lengths (C++ `new T[n]`).
    pub array_news: &'static [&'static str],
    /// The array part of a C++ `new T[n]`.
    pub new_declarators: &'static [&'static str],
    /// Python: the `case` clauses of a `match`.
    pub case_clauses: &'static [&'static str],
    /// Python: the pattern of a `case`.
    pub case_patterns: &'static [&'static str],
    /// Python: a dotted name in a case pattern, a capture when it is one name.
    pub capture_patterns: &'static [&'static str],
    /// Python: `p | q` in a case pattern.
    pub union_patterns: &'static [&'static str],
    /// Python: `p as name` in a case pattern.
    pub as_patterns: &'static [&'static str],
    /// C and C++: type qualifiers (`const`) inside a declarator.
    pub type_qualifiers: &'static [&'static str],
    /// C and C++: `&r` declarators.
    pub reference_declarators: &'static [&'static str],
    /// C and C++: `*p` declarators.
    pub pointer_declarators: &'static [&'static str],
    /// C and C++: `f(T)` declarators (function pointers when parenthesised).
    pub function_declarators: &'static [&'static str],
    /// C and C++: `(*fp)` declarators.
    pub parenthesized_declarators: &'static [&'static str],
    /// C and C++: declarations, whose declarators may be aliases.
    pub local_declarations: &'static [&'static str],
    /// C and C++: `union U {...}`.
    pub union_specifiers: &'static [&'static str],
    /// C and C++: type names (a union type by its name).
    pub type_identifiers: &'static [&'static str],
    /// C and C++: a declarator with its initial value.
    pub init_declarators: &'static [&'static str],
    /// C and C++: assignments and `++`/`--`, which reassign a pointer.
    pub scalar_writes: &'static [&'static str],
    /// C and C++: `typedef`.
    pub type_definitions: &'static [&'static str],
}

impl FlowKinds {
    /// No kinds in any family: the base a language's table starts from
    /// (`..FlowKinds::NONE`), so that it lists only the families its grammar has.
    pub const NONE: FlowKinds = FlowKinds {
        functions: &[],
        closures: &[],
        anonymous_functions: &[],
        classes: &[],
        calls: &[],
        returns: &[],
        branches: &[],
        negated_branches: &[],
        loops: &[],
        post_test_loops: &[],
        members: &[],
        method_callees: &[],
        comments: &[],
        identifiers: &[],
        types: &[],
        typed_expressions: &[],
        modifier_lists: &[],
        true_literals: &[],
        false_literals: &[],
        null_literals: &[],
        boolean_literals: &[],
        integer_literals: &[],
        char_literals: &[],
        strings: &[],
        concatenated_strings: &[],
        interpolations: &[],
        parameters: &[],
        parameter_lists: &[],
        parameter_groups: &[],
        variadic_parameters: &[],
        pair_assignments: &[],
        declarators: &[],
        nested_declarations: &[],
        positional_assignments: &[],
        declaring_assignments: &[],
        compound_assignments: &[],
        value_clauses: &[],
        expression_lists: &[],
        lists: &[],
        declarator_wrappers: &[],
        indexed_places: &[],
        named_places: &[],
        destructurings: &[],
        keyed_subscripts: &[],
        subscripts: &[],
        key_wrappers: &[],
        negations: &[],
        switches: &[],
        loose_cases: &[],
        programs: &[],
        match_statements: &[],
        tries: &[],
        handlers: &[],
        else_clauses: &[],
        alternatives: &[],
        named_loop_targets: &[],
        declarator_loop_targets: &[],
        range_clauses: &[],
        bare_jumps: &[],
        expression_statements: &[],
        containers: &[],
        binaries: &[],
        conditionals: &[],
        unaries: &[],
        wrappers: &[],
        sequence_literals: &[],
        splats: &[],
        dict_literals: &[],
        pairs: &[],
        argument_lists: &[],
        nested_argument_lists: &[],
        composite_literals: &[],
        macro_calls: &[],
        macro_arguments: &[],
        declarator_names: &[],
        name_identifiers: &[],
        receivers: &[],
        bodies: &[],
        expression_bodies: &[],
        namespaces: &[],
        file_namespaces: &[],
        member_containers: &[],
        class_blocks: &[],
        block_classes: &[],
        const_declarators: &[],
        field_declarators: &[],
        field_names: &[],
        plain_identifiers: &[],
        switch_subject_wrappers: &[],
        case_labels: &[],
        case_exits: &[],
        case_groups: &[],
        case_arms: &[],
        switch_labels: &[],
        default_labels: &[],
        switch_values: &[],
        function_bindings: &[],
        export_objects: &[],
        pointer_expressions: &[],
        field_expressions: &[],
        written_bases: &[],
        out_declarators: &[],
        array_news: &[],
        new_declarators: &[],
        case_clauses: &[],
        case_patterns: &[],
        capture_patterns: &[],
        union_patterns: &[],
        as_patterns: &[],
        type_qualifiers: &[],
        reference_declarators: &[],
        pointer_declarators: &[],
        function_declarators: &[],
        parenthesized_declarators: &[],
        local_declarations: &[],
        union_specifiers: &[],
        type_identifiers: &[],
        init_declarators: &[],
        scalar_writes: &[],
        type_definitions: &[],
    };

    /// Whether `kind` is a function, method, constructor or closure.
    pub fn is_function(&self, kind: &str) -> bool {
        self.functions.contains(&kind) || self.closures.contains(&kind)
    }

    /// Whether `kind` is a closure or lambda.
    pub fn is_closure(&self, kind: &str) -> bool {
        self.closures.contains(&kind)
    }

    /// Whether `kind` is a function lowered in place as a value: a closure or an anonymous
    /// function.
    pub fn is_function_value(&self, kind: &str) -> bool {
        self.is_closure(kind) || self.anonymous_functions.contains(&kind)
    }

    /// Whether `kind` is a class-like scope.
    pub fn is_class(&self, kind: &str) -> bool {
        self.classes.contains(&kind)
    }

    /// Whether `kind` is a call.
    pub fn is_call(&self, kind: &str) -> bool {
        self.calls.contains(&kind)
    }

    /// Whether `kind` is a return.
    pub fn is_return(&self, kind: &str) -> bool {
        self.returns.contains(&kind)
    }

    /// Whether `kind` is a conditional branch.
    pub fn is_branch(&self, kind: &str) -> bool {
        self.branches.contains(&kind)
    }

    /// Whether `kind` is a branch on the negation of its condition.
    pub fn is_negated_branch(&self, kind: &str) -> bool {
        self.negated_branches.contains(&kind)
    }

    /// Whether `kind` is a loop.
    pub fn is_loop(&self, kind: &str) -> bool {
        self.loops.contains(&kind)
    }

    /// Whether `kind` is a loop that tests its condition after the body.
    pub fn is_post_test_loop(&self, kind: &str) -> bool {
        self.post_test_loops.contains(&kind)
    }

    /// Whether `kind` is a member access.
    pub fn is_member(&self, kind: &str) -> bool {
        self.members.contains(&kind)
    }

    /// Whether `kind`, as a callee, splits into a receiver and a method name.
    pub fn is_method_callee(&self, kind: &str) -> bool {
        self.method_callees.contains(&kind)
    }

    /// Every table with its name, for tests and documentation.
    pub fn tables(&self) -> Vec<(&'static str, &'static [&'static str])> {
        vec![
            ("functions", self.functions),
            ("closures", self.closures),
            ("anonymous_functions", self.anonymous_functions),
            ("classes", self.classes),
            ("calls", self.calls),
            ("returns", self.returns),
            ("branches", self.branches),
            ("negated_branches", self.negated_branches),
            ("loops", self.loops),
            ("post_test_loops", self.post_test_loops),
            ("members", self.members),
            ("method_callees", self.method_callees),
            ("comments", self.comments),
            ("identifiers", self.identifiers),
            ("types", self.types),
            ("typed_expressions", self.typed_expressions),
            ("modifier_lists", self.modifier_lists),
            ("true_literals", self.true_literals),
            ("false_literals", self.false_literals),
            ("null_literals", self.null_literals),
            ("boolean_literals", self.boolean_literals),
            ("integer_literals", self.integer_literals),
            ("char_literals", self.char_literals),
            ("strings", self.strings),
            ("concatenated_strings", self.concatenated_strings),
            ("interpolations", self.interpolations),
            ("parameters", self.parameters),
            ("parameter_lists", self.parameter_lists),
            ("parameter_groups", self.parameter_groups),
            ("variadic_parameters", self.variadic_parameters),
            ("pair_assignments", self.pair_assignments),
            ("declarators", self.declarators),
            ("nested_declarations", self.nested_declarations),
            ("positional_assignments", self.positional_assignments),
            ("declaring_assignments", self.declaring_assignments),
            ("compound_assignments", self.compound_assignments),
            ("value_clauses", self.value_clauses),
            ("expression_lists", self.expression_lists),
            ("lists", self.lists),
            ("declarator_wrappers", self.declarator_wrappers),
            ("indexed_places", self.indexed_places),
            ("named_places", self.named_places),
            ("destructurings", self.destructurings),
            ("keyed_subscripts", self.keyed_subscripts),
            ("subscripts", self.subscripts),
            ("key_wrappers", self.key_wrappers),
            ("negations", self.negations),
            ("switches", self.switches),
            ("loose_cases", self.loose_cases),
            ("programs", self.programs),
            ("match_statements", self.match_statements),
            ("tries", self.tries),
            ("handlers", self.handlers),
            ("else_clauses", self.else_clauses),
            ("alternatives", self.alternatives),
            ("named_loop_targets", self.named_loop_targets),
            ("declarator_loop_targets", self.declarator_loop_targets),
            ("range_clauses", self.range_clauses),
            ("bare_jumps", self.bare_jumps),
            ("expression_statements", self.expression_statements),
            ("containers", self.containers),
            ("binaries", self.binaries),
            ("conditionals", self.conditionals),
            ("unaries", self.unaries),
            ("wrappers", self.wrappers),
            ("sequence_literals", self.sequence_literals),
            ("splats", self.splats),
            ("dict_literals", self.dict_literals),
            ("pairs", self.pairs),
            ("argument_lists", self.argument_lists),
            ("nested_argument_lists", self.nested_argument_lists),
            ("composite_literals", self.composite_literals),
            ("macro_calls", self.macro_calls),
            ("macro_arguments", self.macro_arguments),
            ("declarator_names", self.declarator_names),
            ("name_identifiers", self.name_identifiers),
            ("receivers", self.receivers),
            ("bodies", self.bodies),
            ("expression_bodies", self.expression_bodies),
            ("namespaces", self.namespaces),
            ("file_namespaces", self.file_namespaces),
            ("member_containers", self.member_containers),
            ("class_blocks", self.class_blocks),
            ("block_classes", self.block_classes),
            ("const_declarators", self.const_declarators),
            ("field_declarators", self.field_declarators),
            ("field_names", self.field_names),
            ("plain_identifiers", self.plain_identifiers),
            ("switch_subject_wrappers", self.switch_subject_wrappers),
            ("case_labels", self.case_labels),
            ("case_exits", self.case_exits),
            ("case_groups", self.case_groups),
            ("case_arms", self.case_arms),
            ("switch_labels", self.switch_labels),
            ("default_labels", self.default_labels),
            ("switch_values", self.switch_values),
            ("function_bindings", self.function_bindings),
            ("pointer_expressions", self.pointer_expressions),
            ("field_expressions", self.field_expressions),
            ("written_bases", self.written_bases),
            ("out_declarators", self.out_declarators),
            ("array_news", self.array_news),
            ("new_declarators", self.new_declarators),
            ("case_clauses", self.case_clauses),
            ("case_patterns", self.case_patterns),
            ("capture_patterns", self.capture_patterns),
            ("union_patterns", self.union_patterns),
            ("as_patterns", self.as_patterns),
            ("type_qualifiers", self.type_qualifiers),
            ("reference_declarators", self.reference_declarators),
            ("pointer_declarators", self.pointer_declarators),
            ("function_declarators", self.function_declarators),
            ("parenthesized_declarators", self.parenthesized_declarators),
            ("local_declarations", self.local_declarations),
            ("union_specifiers", self.union_specifiers),
            ("type_identifiers", self.type_identifiers),
            ("init_declarators", self.init_declarators),
            ("scalar_writes", self.scalar_writes),
            ("type_definitions", self.type_definitions),
        ]
    }
}

mod c;
mod cpp;
mod csharp;
mod go;
mod java;
mod javascript;
mod kotlin;
mod php;
mod python;
mod ruby;
mod rust;
mod typescript;

const C_LIKE_COMMENTS: &[&str] = &["//"];

pub(crate) fn syntax(lang: Language) -> &'static Syntax {
    match lang {
        Language::C => &c::SYNTAX,
        Language::Cpp => &cpp::SYNTAX,
        Language::CSharp => &csharp::SYNTAX,
        Language::Go => &go::SYNTAX,
        Language::Java => &java::SYNTAX,
        Language::JavaScript => &javascript::SYNTAX,
        Language::Kotlin => &kotlin::SYNTAX,
        Language::Php => &php::SYNTAX,
        Language::Python => &python::SYNTAX,
        Language::Ruby => &ruby::SYNTAX,
        Language::Rust => &rust::SYNTAX,
        Language::TypeScript => &typescript::SYNTAX,
        Language::Tsx => &typescript::TSX,
    }
}

impl Syntax {
    /// Whether `kind` is a string literal kind.
    pub fn is_string(&self, kind: &str) -> bool {
        self.string_kinds.contains(&kind)
    }

    /// Whether `kind` is a comment kind.
    pub fn is_comment(&self, kind: &str) -> bool {
        self.comment_kinds.contains(&kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_language_has_its_own_table() {
        for lang in Language::ALL {
            assert_eq!(syntax(lang).lang, lang);
        }
    }

    /// A flow table names only kinds its grammar can produce, so it says which language a
    /// kind belongs to.
    #[test]
    fn flow_kinds_exist_in_their_grammar() {
        for lang in Language::ALL {
            let ts = lang.ts_language();
            let visible: HashSet<&str> = (0..ts.node_kind_count() as u16)
                .filter(|id| ts.node_kind_is_visible(*id))
                .filter_map(|id| ts.node_kind_for_id(id))
                .collect();
            for (table, kinds) in syntax(lang).flow.tables() {
                for k in kinds {
                    assert!(
                        visible.contains(k),
                        "{lang}: {table} lists `{k}`, not in the grammar"
                    );
                }
            }
        }
    }
}
