//! The project's class hierarchy, for resolving method calls: each class's supertypes as its
//! header names them, the inverse (subclasses and implementations), and the declared or
//! assigned classes of fields. Classes are known by their simple name, merged across files.

use std::collections::{HashMap, HashSet};

use crate::TaintFile;

/// How many classes a walk up or down the hierarchy visits at most.
const MAX_CLASSES: usize = 256;

/// Supertypes, subtypes and field types of the project's classes.
#[derive(Default)]
pub(super) struct Hierarchy<'a> {
    supers: HashMap<&'a str, Vec<&'a str>>,
    subs: HashMap<&'a str, Vec<&'a str>>,
    fields: HashMap<&'a str, &'a str>,
    classes: HashSet<&'a str>,
}

impl<'a> Hierarchy<'a> {
    pub(super) fn new(files: &'a [TaintFile]) -> Self {
        let mut h = Hierarchy::default();
        for f in files {
            for (c, sups) in &f.funcs.classes {
                h.classes.insert(c.as_str());
                for s in sups {
                    let e = h.supers.entry(c.as_str()).or_default();
                    if !e.contains(&s.as_str()) {
                        e.push(s.as_str());
                        h.subs.entry(s.as_str()).or_default().push(c.as_str());
                    }
                }
            }
            for func in &f.funcs.funcs {
                if let Some(c) = &func.class {
                    h.classes.insert(c.as_str());
                }
            }
            for (k, t) in &f.funcs.field_types {
                h.fields.entry(k.as_str()).or_insert(t.as_str());
            }
        }
        h
    }

    /// Whether the project defines class (or interface, trait, Go receiver type) `c`.
    pub(super) fn is_class(&self, c: &str) -> bool {
        self.classes.contains(c)
    }

    /// `c` and its supertypes, nearest first (breadth-first).
    pub(super) fn up(&self, c: &str) -> Vec<&'a str> {
        match self.classes.get(c) {
            Some(c) => self.walk(c, &self.supers),
            None => Vec::new(),
        }
    }

    /// Every subclass and implementation of `c`, transitively (`c` excluded).
    pub(super) fn down(&self, c: &str) -> Vec<&'a str> {
        match self.classes.get(c) {
            Some(c) => self.walk(c, &self.subs).split_off(1),
            None => Vec::new(),
        }
    }

    fn walk(&self, c: &'a str, edges: &HashMap<&'a str, Vec<&'a str>>) -> Vec<&'a str> {
        let mut seen: Vec<&'a str> = vec![c];
        let mut i = 0;
        while i < seen.len() && seen.len() < MAX_CLASSES {
            for n in edges.get(seen[i]).into_iter().flatten() {
                if !seen.contains(n) {
                    seen.push(n);
                }
            }
            i += 1;
        }
        seen
    }

    /// The class of field `f` of class `c` (declared there or in a supertype), as written.
    pub(super) fn field_type(&self, c: &str, f: &str) -> Option<&'a str> {
        self.up(c)
            .into_iter()
            .find_map(|k| self.fields.get(format!("{k}.{f}").as_str()).copied())
    }
}
