//! Generic summaries (parameter-to-return and out-parameter flows with no rule's sources or
//! sinks), computed on demand: only for the functions a rule's pass actually looks up, and
//! what those call.
//!
//! The definition is a bounded fixpoint over the functions `all` (those some call reaches and
//! a rule's pass may read; every other function's generic summary is empty): round 0 gives
//! every function the empty summary, round `k` evaluates each function of `all` with its
//! callees' round `k - 1` summaries, and the result is round [`ROUNDS`]. Computing every round
//! for every function of `all` up front (as the pass once did, stopping early when a round
//! changed nothing) gives the same summaries, compared as [`Summary`]'s `PartialEq` compares
//! them: a round that changes nothing repeats itself, since an evaluation depends only on
//! what its callees' summaries say, never on their traces (a generic summary has no source,
//! so the traces it holds are never read). Most of `all` is never looked up: a pass
//! evaluates the functions of the files where its rule matched, what they call and only
//! those callers whose callees' summaries changed.
//!
//! Round `k` of a function is evaluated only when some callee's round `k - 1` summary differs
//! from its round `k - 2` one; otherwise it is round `k - 1` (same inputs, same result), so a
//! function is evaluated about as often as its callees' summaries change.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::FuncId;
use super::eval::evaluate;
use super::resolve::Project;
use super::summary::Summary;

/// Rounds of the fixpoint.
pub(super) const ROUNDS: u8 = 4;

/// A summary computed once, by whichever thread asks first.
type Cell = Arc<OnceLock<Summary>>;

/// Generic summaries of one pass, computed when first looked up.
pub(crate) struct Generic<'g, 'p> {
    proj: &'g Project<'p>,
    callees: &'g HashMap<FuncId, Vec<FuncId>>,
    all: HashSet<FuncId>,
    /// Summaries by (function, round). Each is computed once: a thread that asks for a summary
    /// another thread is computing waits for it. That cannot deadlock, since round `k` waits
    /// only on rounds below `k`.
    memo: Mutex<HashMap<(FuncId, u8), Cell>>,
    evaluations: AtomicU64,
}

impl<'g, 'p> Generic<'g, 'p> {
    /// Generic summaries of the functions `all` (any other function's is empty).
    pub(super) fn new(
        proj: &'g Project<'p>,
        callees: &'g HashMap<FuncId, Vec<FuncId>>,
        all: HashSet<FuncId>,
    ) -> Self {
        Generic {
            proj,
            callees,
            all,
            memo: Mutex::new(HashMap::new()),
            evaluations: AtomicU64::new(0),
        }
    }

    /// The generic summary of `id`.
    pub(super) fn get(&self, id: FuncId) -> Summary {
        self.round(id, ROUNDS)
    }

    /// How many function evaluations the summaries looked up so far took.
    pub(super) fn evaluations(&self) -> u64 {
        self.evaluations.load(Ordering::Relaxed)
    }

    /// The cell of `(id, k)`, made empty if new.
    fn cell(&self, id: FuncId, k: u8) -> Cell {
        // A panic elsewhere cannot leave a half-written entry: the map is only inserted into,
        // and a cell is filled whole or not at all.
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        memo.entry((id, k)).or_default().clone()
    }

    /// Round `k` of `id`'s summary. The callees' rounds are computed before `id` is
    /// evaluated, so evaluations never nest (the recursion is over rounds, at most
    /// [`ROUNDS`] deep along each call edge).
    fn round(&self, id: FuncId, k: u8) -> Summary {
        if k == 0 || !self.all.contains(&id) {
            return Summary::default();
        }
        self.cell(id, k)
            .get_or_init(|| self.evaluate(id, k))
            .clone()
    }

    /// Computes round `k` (≥ 1) of `id` from its callees' earlier rounds.
    fn evaluate(&self, id: FuncId, k: u8) -> Summary {
        let callees = self.callees.get(&id).map_or(&[][..], Vec::as_slice);
        let same_inputs = k >= 2
            && callees
                .iter()
                .all(|c| self.round(*c, k - 1) == self.round(*c, k - 2));
        if same_inputs {
            return self.round(id, k - 1);
        }
        for c in callees {
            self.round(*c, k - 1);
        }
        self.evaluations.fetch_add(1, Ordering::Relaxed);
        let lookup = |c: FuncId| self.round(c, k - 1);
        evaluate(self.proj, id, None, &lookup, &HashMap::new()).summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::driver::call_graph;
    use crate::{TaintFile, lower_file};
    use ferret_lang::{Language, ParseLimits, parse};

    fn lowered(lang: Language, ext: &str, srcs: &[&str]) -> Vec<TaintFile> {
        srcs.iter()
            .enumerate()
            .map(|(i, s)| {
                let p = parse(lang, s.as_bytes(), &ParseLimits::default()).unwrap();
                TaintFile {
                    path: format!("m{i}.{ext}"),
                    lang,
                    funcs: lower_file(lang, p.tree.root_node(), s.as_bytes()),
                    rules: Vec::new(),
                }
            })
            .collect()
    }

    /// The fixpoint as the pass once computed it: every round for every function of `all`,
    /// stopping after a round that changed nothing.
    fn eager(proj: &Project<'_>, all: &HashSet<FuncId>) -> HashMap<FuncId, Summary> {
        let mut generic: HashMap<FuncId, Summary> = HashMap::new();
        for _ in 0..ROUNDS {
            let g = &generic;
            let lookup = |id: FuncId| g.get(&id).cloned().unwrap_or_default();
            let next: Vec<(FuncId, Summary)> = all
                .iter()
                .map(|id| {
                    (
                        *id,
                        evaluate(proj, *id, None, &lookup, &HashMap::new()).summary,
                    )
                })
                .collect();
            let changed = next.iter().any(|(id, s)| generic.get(id) != Some(s));
            generic = next.into_iter().collect();
            if !changed {
                break;
            }
        }
        generic
    }

    /// Every function of `files`.
    fn every_function(files: &[TaintFile]) -> Vec<FuncId> {
        files
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| (0..f.funcs.funcs.len()).map(move |i| (fi as u32, i as u32)))
            .collect()
    }

    /// Every function's summary on demand equals the eagerly computed one, and functions
    /// outside `all` have the empty summary.
    fn same_as_eager(files: &[TaintFile]) {
        let proj = Project::new(files, true);
        let (_, callees) = call_graph(&proj);
        let every = every_function(files);
        // Leave one called function out of `all`, as the pass leaves out what no rule reads.
        let left_out = callees.values().flatten().copied().max();
        let all: HashSet<FuncId> = every
            .iter()
            .copied()
            .filter(|id| Some(*id) != left_out)
            .collect();
        let expected = eager(&proj, &all);
        assert!(
            expected.values().any(|s| *s != Summary::default()),
            "some function passes its parameter on"
        );
        let lazy = Generic::new(&proj, &callees, all.clone());
        for id in &every {
            let want = expected.get(id).cloned().unwrap_or_default();
            assert!(lazy.get(*id) == want, "summary of {id:?}");
        }
    }

    #[test]
    fn summaries_on_demand_equal_the_eager_fixpoint() {
        // A chain deeper than the rounds, recursion, a call cycle, and a function that drops
        // its parameter.
        let py = [
            "from m1 import b\ndef a(x):\n    return b(x)\ndef rec(n, x):\n    return rec(n - 1, x) if n else x\n",
            "from m2 import c\ndef b(x):\n    return c(x) + ''\n",
            "from m3 import d\ndef c(x):\n    return d(x)\n",
            "from m4 import e\ndef d(x):\n    return e(x)\n",
            "def e(x):\n    y = x\n    return y\ndef drop(x):\n    return 'k'\ndef p(x):\n    return q(x)\ndef q(x):\n    return p(x) or x\n",
        ];
        same_as_eager(&lowered(Language::Python, "py", &py));
        // C out parameters: a callee writes its caller's variable.
        let c = [
            "void fill(char *dst, const char *s) { strcpy(dst, s); }\nvoid wrap(char *d, const char *s) { fill(d, s); }\n",
            "void top(char *out, const char *in) { char buf[8]; wrap(buf, in); strcpy(out, buf); }\nint id(int x) { return x; }\nint twice(int x) { return id(id(x)); }\n",
        ];
        same_as_eager(&lowered(Language::C, "c", &c));
    }

    #[test]
    fn a_function_is_evaluated_again_only_when_its_callees_summaries_changed() {
        // Three leaves and a caller of all three: each leaf once, the caller once for the
        // leaves' first summaries; nothing changes after that.
        let py = [
            "def l1(x):\n    return x\ndef l2(x):\n    return x\ndef l3(x):\n    return 'c'\ndef top(x):\n    return l1(x) + l2(x) + l3(x)\n",
        ];
        let files = lowered(Language::Python, "py", &py);
        let proj = Project::new(&files, true);
        let (_, callees) = call_graph(&proj);
        let all: HashSet<FuncId> = (0..files[0].funcs.funcs.len() as u32)
            .map(|i| (0, i))
            .collect();
        let g = Generic::new(&proj, &callees, all);
        let top = files[0]
            .funcs
            .funcs
            .iter()
            .position(|f| f.name == "top")
            .map(|i| (0, i as u32))
            .unwrap();
        g.get(top);
        // Each leaf once (round 2 onwards: no callees, nothing to redo) and `top` at most
        // twice (round 1 with empty leaf summaries, round 2 with their round-1 ones); rounds
        // 3 and 4 see the same inputs as round 2. Every round of every function would be 16.
        assert!(g.evaluations() <= 5, "{} evaluations", g.evaluations());
    }

    #[test]
    fn threads_asking_at_once_evaluate_each_summary_once() {
        // Eight threads ask for every summary of a call chain at once: each round of each
        // function is evaluated by one of them (the others wait for it), so the count of
        // evaluations is the one thread's count.
        let py = [
            "from m1 import b\ndef a(x):\n    return b(x)\ndef a2(x):\n    return b(x) + a(x)\n",
            "from m2 import c\ndef b(x):\n    return c(x) + ''\n",
            "def c(x):\n    y = x\n    return y\n",
        ];
        let files = lowered(Language::Python, "py", &py);
        let proj = Project::new(&files, true);
        let (_, callees) = call_graph(&proj);
        let every = every_function(&files);
        let all: HashSet<FuncId> = every.iter().copied().collect();
        let alone = Generic::new(&proj, &callees, all.clone());
        for id in &every {
            alone.get(*id);
        }
        for _ in 0..20 {
            let shared = Generic::new(&proj, &callees, all.clone());
            std::thread::scope(|sc| {
                for t in 0..8 {
                    let (shared, every) = (&shared, &every);
                    sc.spawn(move || {
                        // Each thread in another order, so that they meet mid-computation.
                        for i in 0..every.len() {
                            shared.get(every[(i + t) % every.len()]);
                        }
                    });
                }
            });
            assert_eq!(shared.evaluations(), alone.evaluations());
            for id in &every {
                assert!(shared.get(*id) == alone.get(*id), "summary of {id:?}");
            }
        }
    }
}
