//! Whether an ambiguous cycle can be attacked: the match must not succeed while the pumped word
//! is read, and must be able to fail after it.
//!
//! A string is built and run through the automaton (a set simulation, linear): a prefix that
//! reaches the pumped state, then the cycle's word four times, its characters chosen where
//! possible outside what the rest of the pattern reads after the loop. If the pattern can end
//! at any point of that string, or every character would let some state go on (nothing can make
//! the match fail at the end), the matcher never backtracks through the cycle, and the pattern
//! is not reported: `/^\s*([^><]|\\")*"/` is ambiguous on `\"`, but the `"` it pumps ends the
//! match.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::ambiguity::Automaton;
use crate::ambiguity::product::Graph;
use crate::regex_syntax::CharSet;

const PUMPS: usize = 4;

/// Whether the cycles through `(q, q)` cannot be attacked.
pub(crate) fn escapes(a: &Automaton<'_>, g: &Graph, q: usize) -> bool {
    let Some(word) = pump(a, g, q) else {
        return true;
    };
    let Some(prefix) = prefix(a, q) else {
        return true;
    };
    let mut input = prefix;
    for _ in 0..PUMPS {
        input.extend_from_slice(&word);
    }
    simulate(a, &input)
}

/// The characters read after the loop: sets of states that follow a state of the cycle's
/// component without being in it.
fn exits(a: &Automaton<'_>, g: &Graph, q: usize) -> CharSet {
    let n = g.n;
    let comp = g.comp.get(&(q * n + q));
    let members: HashSet<usize> = g
        .comp
        .iter()
        .filter(|(_, c)| Some(*c) == comp)
        .flat_map(|(node, _)| [node / n, node % n])
        .collect();
    let mut out = CharSet::default();
    for &s in &members {
        for &(t, _) in &a.succ[s] {
            if !members.contains(&t) {
                out.union(a.sets[t]);
            }
        }
    }
    out
}

/// A word read along an ambiguous cycle from `(q, q)` back to itself.
fn pump(a: &Automaton<'_>, g: &Graph, q: usize) -> Option<Vec<u32>> {
    let n = g.n;
    let home = q * n + q;
    // Where the cycle turns ambiguous: a node off the diagonal, or a doubled diagonal edge.
    let turn = |to: usize, doubled: bool| doubled || to / n != to % n;
    let there = path(g, home, |from, to, d| g.inner(from, to) && turn(to, d))?;
    let mid = *there.last()?;
    let back = path(g, mid, |from, to, _| g.inner(from, to) && to == home)?;
    let exit = exits(a, g, q);
    let mut word = Vec::new();
    for node in there.into_iter().chain(back) {
        let (p2, q2) = (node / n, node % n);
        let both = intersect(a.sets[p2], a.sets[q2]);
        let free = both.minus(&exit);
        word.push(free.first().or_else(|| both.first())?);
    }
    Some(word)
}

fn intersect(x: &CharSet, y: &CharSet) -> CharSet {
    x.minus(&y.negate())
}

/// The nodes after `from` on a shortest path inside the product whose last edge satisfies
/// `last` (every earlier edge stays in `from`'s component).
fn path(g: &Graph, from: usize, last: impl Fn(usize, usize, bool) -> bool) -> Option<Vec<usize>> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = HashSet::from([from]);
    while let Some(node) = queue.pop_front() {
        for &(t, d) in g.edges.get(&node).map_or(&[][..], |v| v.as_slice()) {
            if last(node, t, d) {
                let mut out = vec![t];
                let mut cur = node;
                while cur != from {
                    out.push(cur);
                    cur = parent[&cur];
                }
                out.reverse();
                return Some(out);
            }
            if g.inner(from, t) && seen.insert(t) {
                parent.insert(t, node);
                queue.push_back(t);
            }
        }
    }
    None
}

/// Characters that lead from the start into state `q` (its own character last).
fn prefix(a: &Automaton<'_>, q: usize) -> Option<Vec<u32>> {
    let mut parent: HashMap<usize, Option<usize>> = HashMap::new();
    let mut queue = VecDeque::new();
    for &s in &a.start {
        parent.insert(s, None);
        queue.push_back(s);
    }
    while let Some(s) = queue.pop_front() {
        if s == q {
            let mut chars = Vec::new();
            let mut cur = Some(s);
            while let Some(p) = cur {
                chars.push(a.sets[p].first()?);
                cur = parent[&p];
            }
            chars.reverse();
            return Some(chars);
        }
        for &(t, _) in &a.succ[s] {
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(t) {
                e.insert(Some(s));
                queue.push_back(t);
            }
        }
    }
    None
}

/// Whether the pattern matches some prefix of `input`, or no character can make it fail after
/// `input`.
fn simulate(a: &Automaton<'_>, input: &[u32]) -> bool {
    let mut current: HashSet<usize> = a.start.iter().copied().collect();
    for &c in input {
        let mut next = HashSet::new();
        for &s in &current {
            if !a.sets[s].contains(c) {
                continue;
            }
            if a.fin[s] {
                return true;
            }
            next.extend(a.succ[s].iter().map(|(t, _)| *t));
        }
        current = next;
    }
    if current.is_empty() {
        return true;
    }
    let mut readable = CharSet::default();
    for &s in &current {
        readable.union(a.sets[s]);
    }
    readable.negate().first().is_none()
}
