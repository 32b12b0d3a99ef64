//! The abstract domain: integer intervals, pointer values, allocation records and the state that
//! maps every named memory object to its value.
//!
//! Values are per memory object, not per name: a pointer holds the id of the allocation it points
//! into, and the allocation's status (live, freed, known null) lives in one place, so `q = p;
//! free(q)` frees what `p` points to as well. Joins are must-joins: a fact survives a merge only
//! if it holds on every incoming path, otherwise it becomes unknown, which never reports.

use std::collections::{BTreeMap, BTreeSet};

use ferret_core::Span;

/// A closed integer interval; `i64::MIN` / `i64::MAX` stand for unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// Lower bound.
    pub lo: i64,
    /// Upper bound.
    pub hi: i64,
}

impl Interval {
    /// Every integer.
    pub const TOP: Interval = Interval {
        lo: i64::MIN,
        hi: i64::MAX,
    };

    /// The single value `v`.
    pub fn exact(v: i64) -> Interval {
        Interval { lo: v, hi: v }
    }

    /// The value, when the interval holds one.
    pub fn constant(self) -> Option<i64> {
        (self.lo == self.hi).then_some(self.lo)
    }

    /// Whether both bounds are finite.
    pub fn bounded(self) -> bool {
        self.lo != i64::MIN && self.hi != i64::MAX
    }

    /// The smallest interval holding both.
    pub fn hull(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
        }
    }

    /// Widening: a bound that moved since `old` jumps to infinity.
    pub fn widen(old: Interval, new: Interval) -> Interval {
        Interval {
            lo: if new.lo < old.lo { i64::MIN } else { old.lo },
            hi: if new.hi > old.hi { i64::MAX } else { old.hi },
        }
    }

    /// Intersection; `None` when empty.
    pub fn meet(self, o: Interval) -> Option<Interval> {
        let r = Interval {
            lo: self.lo.max(o.lo),
            hi: self.hi.min(o.hi),
        };
        (r.lo <= r.hi).then_some(r)
    }

    fn map2(self, o: Interval, f: impl Fn(i64, i64) -> Option<i64>) -> Interval {
        if !self.bounded() || !o.bounded() {
            return Interval::TOP;
        }
        let c = [
            f(self.lo, o.lo),
            f(self.lo, o.hi),
            f(self.hi, o.lo),
            f(self.hi, o.hi),
        ];
        if c.iter().any(Option::is_none) {
            return Interval::TOP;
        }
        let c: Vec<i64> = c.into_iter().flatten().collect();
        Interval {
            lo: *c.iter().min().unwrap_or(&i64::MIN),
            hi: *c.iter().max().unwrap_or(&i64::MAX),
        }
    }

    /// `self + o`.
    pub fn plus(self, o: Interval) -> Interval {
        let lo = if self.lo == i64::MIN || o.lo == i64::MIN {
            i64::MIN
        } else {
            self.lo.checked_add(o.lo).unwrap_or(i64::MIN)
        };
        let hi = if self.hi == i64::MAX || o.hi == i64::MAX {
            i64::MAX
        } else {
            self.hi.checked_add(o.hi).unwrap_or(i64::MAX)
        };
        Interval { lo, hi }
    }

    /// `-self`.
    pub fn negated(self) -> Interval {
        Interval {
            lo: if self.hi == i64::MAX {
                i64::MIN
            } else {
                -self.hi
            },
            hi: if self.lo == i64::MIN {
                i64::MAX
            } else {
                -self.lo
            },
        }
    }

    /// `self * o`.
    pub fn times(self, o: Interval) -> Interval {
        self.map2(o, i64::checked_mul)
    }

    /// `self / o` (unknown when `o` may be zero).
    pub fn divided(self, o: Interval) -> Interval {
        if o.lo <= 0 && o.hi >= 0 {
            return Interval::TOP;
        }
        self.map2(o, i64::checked_div)
    }
}

/// Id of an allocation: the span of the expression that made it.
pub type AllocId = (usize, usize);

/// What a pointer or integer object holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// Nothing known.
    Unknown,
    /// Never written since its declaration (an automatic object's indeterminate value). As the
    /// value of `x[*]` it stands for every part of `x` that has no key of its own.
    Uninit,
    /// An integer in this interval.
    Int(Interval),
    /// The null pointer.
    Null,
    /// A pointer known not to be null (it failed a null test on every path), nothing else known.
    NonNull,
    /// A pointer into a heap allocation, `offset` bytes from its start.
    Heap {
        /// The allocation.
        alloc: AllocId,
        /// Offset in bytes.
        offset: Interval,
    },
    /// The address of a local or global variable or array (never heap memory).
    NotHeap {
        /// What it is, for messages: "local array", "address of a local", "string literal"...
        what: &'static str,
        /// Size in bytes when known.
        size: Option<i64>,
        /// Offset in bytes.
        offset: Interval,
        /// The local array or `alloca` block it points into, whose contents are tracked.
        block: Option<AllocId>,
    },
}

/// Status of a heap allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Allocated and not freed.
    Live,
    /// Freed at this span.
    Freed(Span),
}

/// Whether an allocation's result may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nullness {
    /// Never checked: the allocation may have failed.
    Unchecked,
    /// Known not null (checked, or from `new`).
    NonNull,
    /// Known null (the allocation failed on this path).
    Null,
    /// Checked on some paths, or null on some: no null report, but still tracked for leaks.
    MaybeNull,
}

/// One heap allocation's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alloc {
    /// Live or freed.
    pub status: Status,
    /// Null or not.
    pub null: Nullness,
    /// Size in bytes, when known.
    pub size: Option<i64>,
    /// Whether it escaped (returned, stored outside, passed to unknown code): never a leak.
    pub escaped: bool,
    /// Where it was allocated.
    pub site: Span,
    /// The allocating function, for messages (`malloc`, `new`...).
    pub by: &'static str,
    /// Nothing was written into the block since it was allocated (`malloc`, `new int[n]`).
    pub uninit: bool,
}

/// The abstract state at one program point.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// Named memory objects (`p`, `s.f`, `p->f`, `a[0]`) to their values. Absent = unknown.
    pub vars: BTreeMap<String, Val>,
    /// Allocations by id. Absent = unknown (never reports).
    pub allocs: BTreeMap<AllocId, Alloc>,
    /// Local arrays and `alloca` blocks nothing was written into yet.
    pub uninit_blocks: BTreeSet<AllocId>,
}

impl State {
    /// The value of an object (unknown when not tracked).
    pub fn get(&self, key: &str) -> Val {
        self.vars.get(key).cloned().unwrap_or(Val::Unknown)
    }

    /// The allocation a value points into, if it is tracked.
    pub fn alloc_of(&self, v: &Val) -> Option<(&AllocId, &Alloc)> {
        match v {
            Val::Heap { alloc, .. } => self.allocs.get_key_value(alloc),
            _ => None,
        }
    }

    /// Whether any object other than `except` points into `alloc`.
    pub fn referenced(&self, alloc: AllocId, except: &str) -> bool {
        self.vars
            .iter()
            .any(|(k, v)| k != except && matches!(v, Val::Heap { alloc: a, .. } if *a == alloc))
    }

    /// Must-join of two states: facts that agree survive, others become unknown. One exception
    /// keeps an allocation made on only one of the paths: a pointer that is null on one path and
    /// points to the start of a block allocated on the other (and unknown there) still points
    /// to that block, now maybe null, so `if (c) p = malloc(n); free(p); free(p);` is followed.
    pub fn join(&self, o: &State, widen: bool) -> State {
        let mut vars = BTreeMap::new();
        let mut one_sided: Vec<(AllocId, &Alloc)> = Vec::new();
        for (k, a) in &self.vars {
            let Some(b) = o.vars.get(k) else { continue };
            let v = match (a, b) {
                (Val::Heap { alloc, offset }, Val::Null)
                | (Val::Null, Val::Heap { alloc, offset })
                    if offset.constant() == Some(0) =>
                {
                    let (here, there) = if matches!(a, Val::Heap { .. }) {
                        (self, o)
                    } else {
                        (o, self)
                    };
                    match (here.allocs.get(alloc), there.allocs.contains_key(alloc)) {
                        (Some(rec), false) => {
                            one_sided.push((*alloc, rec));
                            Val::Heap {
                                alloc: *alloc,
                                offset: *offset,
                            }
                        }
                        _ => continue,
                    }
                }
                (Val::Int(x), Val::Int(y)) => Val::Int(if widen {
                    Interval::widen(*x, x.hull(*y))
                } else {
                    x.hull(*y)
                }),
                (
                    Val::Heap {
                        alloc: x,
                        offset: ox,
                    },
                    Val::Heap {
                        alloc: y,
                        offset: oy,
                    },
                ) if x == y => Val::Heap {
                    alloc: *x,
                    offset: if widen {
                        Interval::widen(*ox, ox.hull(*oy))
                    } else {
                        ox.hull(*oy)
                    },
                },
                _ if a == b => a.clone(),
                _ => continue,
            };
            vars.insert(k.clone(), v);
        }
        // A part written on some path (or on every path with different values) whose object is
        // still unwritten elsewhere must not fall back to that object's "never written" marker.
        for k in self.vars.keys().chain(o.vars.keys()) {
            if !vars.contains_key(k)
                && crate::uninit::ancestors(k)
                    .into_iter()
                    .any(|a| vars.get(&crate::uninit::marker(a)) == Some(&Val::Uninit))
            {
                vars.insert(k.clone(), Val::Unknown);
            }
        }
        let mut allocs = BTreeMap::new();
        for (id, a) in &self.allocs {
            let Some(b) = o.allocs.get(id) else { continue };
            if a.status != b.status {
                continue;
            }
            let null = if a.null == b.null {
                a.null
            } else {
                Nullness::MaybeNull
            };
            allocs.insert(
                *id,
                Alloc {
                    status: a.status,
                    null,
                    size: if a.size == b.size { a.size } else { None },
                    escaped: a.escaped || b.escaped,
                    site: a.site,
                    by: a.by,
                    uninit: a.uninit && b.uninit,
                },
            );
        }
        for (id, rec) in one_sided {
            allocs.entry(id).or_insert_with(|| Alloc {
                null: Nullness::MaybeNull,
                ..rec.clone()
            });
        }
        let uninit_blocks = self
            .uninit_blocks
            .intersection(&o.uninit_blocks)
            .copied()
            .collect();
        State {
            vars,
            allocs,
            uninit_blocks,
        }
    }
}
