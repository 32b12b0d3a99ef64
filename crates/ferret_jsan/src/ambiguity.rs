//! Exponential backtracking, decided on the automaton of a regular expression.
//!
//! The pattern becomes a Thompson automaton whose loops have a separate entry and loop-back
//! state, so that an ε-path visiting a state twice is exactly an iteration that consumed nothing
//! (which backtracking engines reject). Removing ε-moves keeps how many distinct ε-paths lead
//! from one character state to the next (1 or "2 or more"). A backtracking matcher takes
//! exponential time on some input exactly when the automaton is exponentially ambiguous: some
//! state `q` can return to itself along two different paths reading the same word. In the
//! product of the automaton with itself that is a strongly connected component holding the
//! diagonal pair `(q, q)` and either a pair of two different states or a diagonal edge taken
//! through two different ε-paths. The attack also needs the match to fail after the pumped
//! word, so a component with a state from which the pattern can already end is not reported.
//! Bounded repetitions are unrolled (at most two mandatory and two optional copies), so
//! `(a{1,3})+` is found and `(a+){1,3}` is not.

use std::collections::HashMap;

use crate::attack;
use crate::regex_syntax::{CharSet, Regex};

/// Work limits: a pattern over them is not judged (never reported).
const MAX_STATES: usize = 600;
const MAX_CHAR_STATES: usize = 160;
const MAX_STEPS: usize = 400_000;

/// An exponentially ambiguous repetition: the byte range of the outermost unbounded repetition
/// around the pumped state, in the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ambiguity {
    pub(crate) span: (usize, usize),
}

enum State {
    Eps(Vec<usize>),
    Char {
        set: usize,
        next: usize,
        /// The outermost unbounded repetition around this character.
        outer_loop: Option<(usize, usize)>,
    },
    Accept,
}

struct Nfa {
    states: Vec<State>,
    sets: Vec<CharSet>,
    loops: Vec<(usize, usize)>,
    too_big: bool,
}

impl Nfa {
    fn push(&mut self, s: State) -> usize {
        if self.states.len() >= MAX_STATES {
            self.too_big = true;
        }
        self.states.push(s);
        self.states.len() - 1
    }

    fn char(&mut self, set: CharSet, next: usize) -> usize {
        self.sets.push(set);
        let set = self.sets.len() - 1;
        let outer_loop = self.loops.first().copied();
        self.push(State::Char {
            set,
            next,
            outer_loop,
        })
    }

    /// The entry state of `re` followed by `next`.
    fn build(&mut self, re: &Regex, next: usize) -> usize {
        if self.too_big {
            return next;
        }
        match re {
            Regex::Empty => next,
            Regex::Char { set, .. } => self.char(set.clone(), next),
            Regex::End { .. } => self.char(CharSet::default(), next),
            Regex::Concat(items) => items
                .iter()
                .rev()
                .fold(next, |cur, item| self.build(item, cur)),
            Regex::Alt(alts) => {
                let entries = alts.iter().map(|a| self.build(a, next)).collect();
                self.push(State::Eps(entries))
            }
            Regex::Repeat {
                body,
                min,
                max,
                span,
            } => self.repeat(body, *min, *max, *span, next),
        }
    }

    fn repeat(
        &mut self,
        body: &Regex,
        min: u32,
        max: Option<u32>,
        span: (usize, usize),
        next: usize,
    ) -> usize {
        let mut cur = next;
        match max {
            None => {
                let back = self.push(State::Eps(Vec::new()));
                self.loops.push(span);
                let entry = self.build(body, back);
                self.loops.pop();
                self.states[back] = State::Eps(vec![entry, next]);
                cur = self.push(State::Eps(vec![entry, next]));
            }
            Some(max) => {
                for _ in 0..max.saturating_sub(min).min(2) {
                    let inner = self.build(body, cur);
                    cur = self.push(State::Eps(vec![inner, next]));
                }
            }
        }
        // Mandatory copies of an unbounded repetition are part of it for the blame.
        let unbounded = max.is_none();
        if unbounded {
            self.loops.push(span);
        }
        for _ in 0..min.min(2) {
            cur = self.build(body, cur);
        }
        if unbounded {
            self.loops.pop();
        }
        cur
    }
}

/// Character states reachable from `from` by ε-moves, with the number of distinct ε-paths
/// (capped at 2), and whether the pattern can end there. `None` when over budget.
fn closure(nfa: &Nfa, from: usize, steps: &mut usize) -> Option<(Vec<(usize, u8)>, bool)> {
    let mut counts: HashMap<usize, u8> = HashMap::new();
    let mut accepts = false;
    let mut on_path = vec![false; nfa.states.len()];
    let mut stack: Vec<(usize, usize)> = vec![(from, 0)];
    on_path[from] = true;
    while let Some(&(s, i)) = stack.last() {
        *steps += 1;
        if *steps > MAX_STEPS {
            return None;
        }
        match &nfa.states[s] {
            State::Eps(outs) if i < outs.len() => {
                stack.last_mut()?.1 += 1;
                let t = outs[i];
                if !on_path[t] {
                    on_path[t] = true;
                    stack.push((t, 0));
                }
                continue;
            }
            State::Eps(_) => {}
            State::Char { .. } => {
                let c = counts.entry(s).or_insert(0);
                *c = (*c + 1).min(2);
            }
            State::Accept => accepts = true,
        }
        on_path[s] = false;
        stack.pop();
    }
    let mut v: Vec<(usize, u8)> = counts.into_iter().collect();
    v.sort_unstable();
    Some((v, accepts))
}

/// Whether `re` backtracks exponentially; the repetition to blame if so.
pub(crate) fn exponential(re: &Regex) -> Option<Ambiguity> {
    let mut nfa = Nfa {
        states: Vec::new(),
        sets: Vec::new(),
        loops: Vec::new(),
        too_big: false,
    };
    let accept = nfa.push(State::Accept);
    let entry = nfa.build(re, accept);
    let chars: Vec<usize> = (0..nfa.states.len())
        .filter(|s| matches!(nfa.states[*s], State::Char { .. }))
        .collect();
    if nfa.too_big || chars.len() > MAX_CHAR_STATES {
        return None;
    }
    let index: HashMap<usize, usize> = chars.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut steps = 0;
    // Per character state (dense index): successors with multiplicity, and finality.
    let mut succ: Vec<Vec<(usize, u8)>> = Vec::with_capacity(chars.len());
    let mut fin = Vec::with_capacity(chars.len());
    for &s in &chars {
        let State::Char { next, .. } = nfa.states[s] else {
            return None;
        };
        let (outs, accepts) = closure(&nfa, next, &mut steps)?;
        succ.push(outs.into_iter().map(|(t, m)| (index[&t], m)).collect());
        fin.push(accepts);
    }
    let sets: Vec<&CharSet> = chars
        .iter()
        .map(|&s| match &nfa.states[s] {
            State::Char { set, .. } => &nfa.sets[*set],
            _ => &nfa.sets[0],
        })
        .collect();
    let (start, start_accepts) = closure(&nfa, entry, &mut steps)?;
    if start_accepts {
        // The empty string matches at once: the matcher never backtracks.
        return None;
    }
    let auto = Automaton {
        start: start.into_iter().map(|(t, _)| index[&t]).collect(),
        succ,
        fin,
        sets,
    };
    let graph = product::Graph::build(&auto, &mut steps)?;
    for q in graph.candidates() {
        if attack::escapes(&auto, &graph, q) {
            continue;
        }
        if let State::Char {
            outer_loop: Some(span),
            ..
        } = nfa.states[chars[q]]
        {
            return Some(Ambiguity { span });
        }
    }
    None
}

/// The ε-free automaton over character states (dense indices).
pub(crate) struct Automaton<'a> {
    /// States that can read the first character.
    pub(crate) start: Vec<usize>,
    /// Successors with the number of ε-paths (1 or 2).
    pub(crate) succ: Vec<Vec<(usize, u8)>>,
    /// Whether the pattern can end after the state's character.
    pub(crate) fin: Vec<bool>,
    /// The character each state reads.
    pub(crate) sets: Vec<&'a CharSet>,
}

pub(crate) mod product {
    //! The self-product graph and its strongly connected components.

    use std::collections::HashMap;

    use super::{Automaton, MAX_STEPS};

    /// The product restricted to pairs of non-final states reachable from the diagonal.
    pub(crate) struct Graph {
        pub(crate) n: usize,
        /// Out-edges: target node and whether it is a diagonal edge with two ε-paths.
        pub(crate) edges: HashMap<usize, Vec<(usize, bool)>>,
        pub(crate) comp: HashMap<usize, usize>,
    }

    impl Graph {
        pub(crate) fn build(a: &Automaton<'_>, steps: &mut usize) -> Option<Graph> {
            let n = a.succ.len();
            let id = |p: usize, q: usize| p * n + q;
            let mut edges: HashMap<usize, Vec<(usize, bool)>> = HashMap::new();
            let mut todo: Vec<usize> = (0..n).filter(|q| !a.fin[*q]).map(|q| id(q, q)).collect();
            while let Some(node) = todo.pop() {
                if edges.contains_key(&node) {
                    continue;
                }
                let (p, q) = (node / n, node % n);
                let mut out = Vec::new();
                for &(p2, m1) in &a.succ[p] {
                    for &(q2, m2) in &a.succ[q] {
                        *steps += 1;
                        if *steps > MAX_STEPS {
                            return None;
                        }
                        if a.fin[p2] || a.fin[q2] || !a.sets[p2].intersects(a.sets[q2]) {
                            continue;
                        }
                        let doubled = p == q && p2 == q2 && m1.min(m2) >= 2;
                        out.push((id(p2, q2), doubled));
                        todo.push(id(p2, q2));
                    }
                }
                edges.insert(node, out);
            }
            let comp = tarjan(&edges);
            Some(Graph { n, edges, comp })
        }

        /// Whether an edge stays in the component of its source.
        pub(crate) fn inner(&self, from: usize, to: usize) -> bool {
            self.comp.get(&to) == self.comp.get(&from)
        }

        /// States `q` whose diagonal pair lies in a component with an ambiguous cycle, in order.
        pub(crate) fn candidates(&self) -> Vec<usize> {
            let n = self.n;
            let mut mixed: HashMap<usize, bool> = HashMap::new();
            for (&node, outs) in &self.edges {
                let (p, q) = (node / n, node % n);
                let inner: Vec<&(usize, bool)> =
                    outs.iter().filter(|(t, _)| self.inner(node, *t)).collect();
                if (p != q && !inner.is_empty()) || inner.iter().any(|(_, d)| *d) {
                    mixed.insert(self.comp[&node], true);
                }
            }
            let mut found: Vec<usize> = self
                .edges
                .keys()
                .filter(|&&node| node / n == node % n && mixed.contains_key(&self.comp[&node]))
                .map(|&node| node / n)
                .collect();
            found.sort_unstable();
            found.truncate(8);
            found
        }
    }

    /// Component id of every node (iterative Tarjan).
    fn tarjan(edges: &HashMap<usize, Vec<(usize, bool)>>) -> HashMap<usize, usize> {
        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut low: HashMap<usize, usize> = HashMap::new();
        let mut comp: HashMap<usize, usize> = HashMap::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut on_stack: HashMap<usize, bool> = HashMap::new();
        let mut counter = 0;
        let mut roots: Vec<usize> = edges.keys().copied().collect();
        roots.sort_unstable();
        for root in roots {
            if index.contains_key(&root) {
                continue;
            }
            let mut call: Vec<(usize, usize)> = vec![(root, 0)];
            index.insert(root, counter);
            low.insert(root, counter);
            counter += 1;
            stack.push(root);
            on_stack.insert(root, true);
            while let Some(&(v, i)) = call.last() {
                let outs = edges.get(&v).map_or(&[][..], |o| o.as_slice());
                if i < outs.len() {
                    if let Some(top) = call.last_mut() {
                        top.1 += 1;
                    }
                    let w = outs[i].0;
                    if let std::collections::hash_map::Entry::Vacant(e) = index.entry(w) {
                        e.insert(counter);
                        low.insert(w, counter);
                        counter += 1;
                        stack.push(w);
                        on_stack.insert(w, true);
                        call.push((w, 0));
                    } else if on_stack.get(&w) == Some(&true) {
                        let lw = index[&w];
                        let lv = low[&v];
                        low.insert(v, lv.min(lw));
                    }
                    continue;
                }
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    let lv = low[&v];
                    let lp = low[&parent];
                    low.insert(parent, lp.min(lv));
                }
                if low[&v] == index[&v] {
                    while let Some(w) = stack.pop() {
                        on_stack.insert(w, false);
                        comp.insert(w, v);
                        if w == v {
                            break;
                        }
                    }
                }
            }
        }
        comp
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regex_syntax::{Flags, parse};

    fn bad(s: &str) -> bool {
        exponential(&parse(s, Flags::default()).expect("parses")).is_some()
    }

    #[test]
    fn nested_and_overlapping_repetitions_are_exponential() {
        for s in [
            "(a+)+b",
            "^(a+)+$",
            "(a|a)*b",
            "(ab|a|b)*c",
            r"(\s*,\s*)*x",
            r"^(\w+\s?)*$",
            "(a*)*b",
            r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@)",
            "(a{1,3})+$",
            r"(\d+|\d+\.\d+)*x",
            "(.*a){2,}b",
            r"^(?:[^/.]+(\.[^/]+)+|localhost)$",
        ] {
            assert!(bad(s), "{s}");
        }
    }

    #[test]
    fn unambiguous_or_accepting_repetitions_are_not() {
        for s in [
            "a+b",
            "(ab)*c",
            "(a+)+",
            "(a|b)*c",
            r"^[\w.-]+@[\w-]+(\.[\w-]+)+$",
            r"^(\d+)(\.\d+)*$",
            "(a+){1,3}$",
            r"^\s+|\s+$",
            "(a+)+.*",
            "([^,]+,)*x",
            r#"^\s*([^><]|\\")*""#,
        ] {
            assert!(!bad(s), "{s}");
        }
    }

    #[test]
    fn the_outermost_unbounded_repetition_is_blamed() {
        let re = parse("x(y(a+)+)z", Flags::default()).expect("parses");
        assert_eq!(exponential(&re), Some(Ambiguity { span: (3, 8) }));
    }
}
